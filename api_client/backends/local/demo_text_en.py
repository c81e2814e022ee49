"""English phrases of the demo desk: customers in the UK, Ireland and the US, and their agents."""

from __future__ import annotations

from api_client.backends.local.demo_text import LanguageText, ReasonText

__all__ = ["TEXT"]

_REASONS = {
    "where_is_my_order": ReasonText(
        topic="Where is my order?",
        subjects=(
            "Where is my order {order}?",
            "Order {order} still not delivered",
            "Parcel not arrived - {order}",
            "Tracking hasn't moved for days ({carrier})",
            "Delivery update please, order {order}",
        ),
        opening=(
            "I ordered {item_a} on {placed} (order {order}) and it still hasn't arrived. "
            "The {carrier} tracking number is {tracking} but it hasn't been updated for days. "
            "Could you please tell me where my parcel is?",
            "My order {order} was supposed to arrive by {eta}, but there's still no sign of it. "
            "The tracking page ({url}) just says it's in transit. I need it for a trip next "
            "week, so I'd really appreciate an update.",
            "Could you check what's happening with order {order}? {carrier} says the parcel "
            "is at the depot but nobody has tried to deliver it. Tracking: {tracking}.",
        ),
        short=(
            "where's my order {order}? tracking hasn't changed since monday",
            "My parcel {order} was due {eta} and still nothing. Any idea?",
            "order {order} still not here 😕 {carrier} tracking says in transit",
            "Could you check {order}? It says out for delivery but never came",
        ),
        spoken=(
            "hi this is {name} I'm calling about my order {order} it was meant to arrive "
            "on {eta} and it's still not here could someone call me back thanks",
            "yes hello I ordered {item_a} and the {carrier} tracking hasn't moved in a week "
            "the order number is {order}",
        ),
        details=(
            "The address is right, and I was home all day. Tracking number is {tracking}.",
            "It's order {order}, delivery to my work address. Nobody left a card.",
        ),
        restate=(
            "I understand that your order {order} hasn't arrived yet, even though {carrier} "
            "expected to deliver it by {eta}.",
            "I can see that the tracking for {order} ({tracking}) hasn't been updated for "
            "a few days, and I know how frustrating that is when you're waiting for a parcel.",
        ),
        ask=(
            "Could you confirm the delivery address and whether you've received a card or "
            "a message from {carrier}?",
            "Could you check with your neighbours or building reception whether they took "
            "the parcel in for you?",
        ),
        fix=(
            "I've opened an investigation with {carrier} for tracking number {tracking}. "
            "They usually reply within 48 hours, and I'll update you by {deadline} at the latest.",
            "I've asked {carrier} to prioritise your parcel and confirm a delivery slot. "
            "You'll hear from me by {deadline}, whatever their answer.",
        ),
        solve=(
            "Good news: {carrier} has located your parcel at the local depot and it will "
            "be delivered on {delivery}. You can follow it here: {url}",
            "The parcel had been held at the depot because of an incomplete address. "
            "I've corrected it with {carrier} and it's now out for delivery, expected {delivery}.",
            "As your parcel was delayed, I've refunded the shipping costs, and {carrier} "
            "has confirmed a new delivery date: {delivery}.",
        ),
    ),
    "return_refund": ReasonText(
        topic="Returns and refunds",
        subjects=(
            "Return request for order {order}",
            "Refund not received yet",
            "How do I return {item}?",
            "Return {order} - when will I get my money back?",
        ),
        opening=(
            "I'd like to return {item} from order {order}, it just isn't what I expected. "
            "Could you send me a return label? The item is unworn and still has the tags on.",
            "I sent back {item} two weeks ago but I still haven't received my refund of "
            "{amount}. Can you tell me when it will be processed?",
            "I want to return part of order {order}. How does it work, and is the return free?",
        ),
        short=(
            "how do I return {item}? order {order}",
            "I returned my parcel last week, when do I get the refund?",
            "want to send back {item}, is return free?",
            "Still waiting on my refund for {order} 🙄",
        ),
        spoken=(
            "hello I'd like to return an item from order {order} and I can't find the "
            "return form on the website",
            "hi it's {name} I sent a return back a while ago and I've had no refund yet",
        ),
        details=(
            "It's the {item}, order {order}. It's unworn with the tags on.",
            "I posted the return last Tuesday, I have the receipt from the post office.",
        ),
        restate=(
            "You'd like to return {item} from order {order} and get a refund of {amount}.",
            "I understand you sent your return back a while ago and the refund of {amount} "
            "hasn't reached you yet.",
        ),
        ask=(
            "Could you tell me whether you'd prefer a refund or an exchange for another size?",
            "Do you have the tracking number of your return parcel, or the post office receipt?",
        ),
        fix=(
            "I've emailed you a prepaid return label. Please drop the parcel at any "
            "{carrier} point by {deadline}, and the refund starts as soon as it reaches us.",
            "I've asked the warehouse to check your return as a priority; I'll confirm "
            "the refund by {deadline}.",
        ),
        solve=(
            "Your return has been checked and I've issued a refund of {amount} to your "
            "original payment method. It usually shows on your statement within 5 to 7 working "
            "days.",
            "The refund of {amount} for order {order} went through today. Depending on "
            "your bank it can take a few days to appear.",
        ),
    ),
    "size_fit": ReasonText(
        topic="Size and fit",
        subjects=(
            "Wrong size - can I exchange {item}?",
            "Exchange for a bigger size, order {order}",
            "{item} too small",
            "Size advice please",
        ),
        opening=(
            "The {item} I received in order {order} is too small, even though I usually "
            "take {the_size}. Could I exchange it for {the_other_size}?",
            "I love the {item} but it comes up really small. Is it possible to swap it "
            "for {the_other_size}, and do I have to pay for the return?",
            "Before I send back the {item}: does {the_other_size} run true to size? "
            "{the_size} is just too tight.",
        ),
        short=(
            "the {item} is too small, can I swap for {the_other_size}?",
            "{the_size} too tight 😅 can I exchange it?",
            "does the {item} come up small? thinking of swapping to {the_other_size}",
        ),
        spoken=(
            "hi I ordered {item_a} in {the_size} and it's too small I'd like {the_other_size} "
            "instead",
        ),
        details=(
            "Yes, I'd like {the_other_size}, same colour please.",
            "Exchange please, {the_other_size} would be perfect. The order is {order}.",
        ),
        restate=(
            "The {item} from order {order} is too small in {the_size}, and you'd like "
            "to exchange it for {the_other_size}.",
            "I understand the {item} doesn't fit as expected and you'd like a different size.",
        ),
        ask=(
            "Would you like {the_other_size} in the same colour, or would you prefer a refund?",
            "Could you tell me whether the problem is the length or the width, so I can "
            "suggest the right size?",
        ),
        fix=(
            "I've reserved {the_other_size} for you and emailed a free return label. As soon as "
            "the parcel is scanned we'll ship the new size, at the latest by {deadline}.",
        ),
        solve=(
            "Your exchange is confirmed: the {item} in {the_other_size} is on its way with "
            "{carrier}, and you can track it here: {url}",
            "I've arranged the exchange to {the_other_size} at no cost. Our customers also "
            "say this model runs small, so {the_other_size} should fit perfectly.",
        ),
    ),
    "payment_failed": ReasonText(
        topic="Payment problem",
        subjects=(
            "Payment failed but money taken",
            "Card declined on order {order}",
            "Charged but order cancelled?",
            "Problem paying for my order",
        ),
        opening=(
            "I tried to pay for order {order} and the website said the payment failed, "
            "but {total} has been taken from my account. What's going on?",
            "My card was declined twice at checkout, although it works everywhere else. "
            "Now I see the order {order} as cancelled. Can you help?",
            "I was charged {total} for order {order}, but then I got an email saying the "
            "order was cancelled. Will I get my money back?",
        ),
        short=(
            "payment failed but money gone from my account??",
            "Card declined at checkout but my bank shows {total}",
            "my order {order} says cancelled but I paid, help pls",
        ),
        spoken=(
            "hi my payment didn't go through but the money has left my account order "
            "{order} I'd like to know what's happening",
        ),
        details=(
            "It was a Visa debit card, and the amount is {total}, still pending on my app.",
            "I paid with PayPal, the transaction shows as completed.",
        ),
        restate=(
            "I can see that the payment for order {order} failed and the order was "
            "cancelled, but {total} still shows on your account.",
            "I understand your card was declined at checkout even though the amount "
            "was blocked by your bank.",
        ),
        ask=(
            "Could you tell me whether the amount shows as 'pending' or as a completed "
            "payment on your statement?",
            "Which payment method did you use: card, PayPal or Klarna?",
        ),
        fix=(
            "I've asked our payments team to confirm with the provider that the "
            "authorisation has been cancelled. I'll get back to you by {deadline}.",
        ),
        solve=(
            "The {total} you see is only a pre-authorisation: your bank releases it "
            "automatically within 3 to 5 working days, so nothing was actually charged.",
            "Our payment provider confirms that the authorisation has been cancelled, so "
            "the {total} will go back to your account. You're welcome to place the order "
            "again; the items are still in stock.",
        ),
    ),
    "promo_code": ReasonText(
        topic="Promo codes and discounts",
        subjects=(
            "Discount code {code} not working",
            "Forgot to use my promo code on {order}",
            "Promo code not applied",
        ),
        opening=(
            "I tried to use the code {code} on order {order} but it said it wasn't valid. "
            "I got it from your newsletter last week. Could you apply the discount?",
            "I forgot to enter my code {code} when I placed order {order}. Is there any "
            "way you can still apply it?",
            "The code {code} is accepted at checkout but the total doesn't change. Am I "
            "doing something wrong?",
        ),
        short=(
            "code {code} not working 😩",
            "Forgot to use {code} on my order {order}, can you still apply it?",
            "does {code} work on sale items?",
        ),
        spoken=("hi I had a discount code {code} and it wasn't applied to my order {order}",),
        details=(
            "The code is {code}, it was in the welcome email.",
            "It was order {order}, I paid the full {total}.",
        ),
        restate=(
            "You had the code {code}, but it wasn't applied to order {order}.",
            "I understand the discount code {code} didn't work at checkout.",
        ),
        ask=("Could you forward me the email with the code, so I can check its conditions?",),
        fix=(
            "I've asked our marketing team to check why {code} was rejected. I'll come "
            "back to you by {deadline}.",
        ),
        solve=(
            "I've refunded the {discount} discount to your original payment method; "
            "you'll see it in a few working days.",
            "The code couldn't be combined with sale prices, which is why it was refused. "
            "As a gesture of goodwill I've refunded the {discount} anyway.",
        ),
    ),
    "damaged_item": ReasonText(
        topic="Damaged or faulty item",
        subjects=(
            "Item arrived damaged - order {order}",
            "{item} is faulty",
            "Broken zip on delivery",
            "Received a damaged parcel",
        ),
        opening=(
            "The {item} from order {order} arrived today with a torn seam on the side. "
            "I've attached some photos. I'd like a replacement, please.",
            "The box was crushed when it arrived and the {item} inside is damaged. "
            "What should I do?",
            "I opened my parcel ({order}) and there's a stain on the {item}, it looks "
            "like it was already there. Very disappointed.",
        ),
        short=(
            "the {item} arrived damaged, photos attached",
            "Zip broken on delivery 😡 order {order}",
            "received my order but there's a hole in it... what now?",
        ),
        spoken=(
            "hello my order {order} arrived today and the {item} is damaged I'd like a "
            "replacement please",
        ),
        details=(
            "Here are the photos: the seam is open about 5 cm under the arm.",
            "Photos attached. The box was already crushed when the driver gave it to me.",
        ),
        restate=(
            "I'm sorry the {item} from order {order} arrived damaged.",
            "I understand the {item} arrived in a condition it should never have left our "
            "warehouse in.",
        ),
        ask=(
            "Could you send me a couple of photos of the damage and of the box? That way "
            "I can sort out the replacement straight away.",
        ),
        fix=(
            "I've reported the damage to quality control and asked the warehouse to "
            "reserve a new item for you. I'll confirm the shipment by {deadline}.",
        ),
        solve=(
            "I've shipped a replacement {item} free of charge; it will reach you by "
            "{deadline}. No need to send back the damaged one.",
            "A new {item} is on its way with express delivery, tracking here: {url}. "
            "You can keep or recycle the damaged one.",
        ),
    ),
    "warranty": ReasonText(
        topic="Warranty and repairs",
        subjects=(
            "Warranty claim - {item}",
            "Sole coming off after a few weeks",
            "Stitching coming apart - is it under warranty?",
        ),
        opening=(
            "I bought {item_a} on {placed} (order {order}) and the sole is already coming "
            "off. I've worn them maybe ten times. Is this covered by the warranty?",
            "The stitching on my {item} has come apart after a few weeks of normal wear. "
            "Can it be repaired or replaced under warranty?",
        ),
        short=(
            "my {item} are falling apart after a month, is that covered by the warranty?",
            "The sole is coming off my {item}, bought {placed} 😞",
        ),
        spoken=(
            "hi I bought {item_a} a couple of months ago and the sole is already coming off I'd "
            "like "
            "to know about the warranty",
        ),
        details=(
            "Photos attached. The order was {order}, I still have the confirmation email.",
            "It's the left shoe, the sole is detached at the toe.",
        ),
        restate=(
            "The {item} you bought on {placed} has developed a fault after only a few weeks.",
            "I understand the {item} from order {order} has broken, and that's not the "
            "quality you expect from us.",
        ),
        ask=(
            "Could you send me a photo of the fault? Then I can open the warranty claim "
            "straight away.",
        ),
        fix=(
            "I've opened a warranty claim and booked a free pick-up with {carrier}. "
            "Quality control will assess it and I'll let you know by {deadline}.",
        ),
        solve=(
            "Your warranty claim has been approved: rather than a repair, we're sending "
            "you a brand new {item}. It will arrive by {deadline}.",
            "The warranty claim is approved and the repair is free. Your {item} will be "
            "back with you by {deadline}.",
        ),
    ),
    "store_locator": ReasonText(
        topic="Our shops",
        subjects=(
            "Is there a shop near {city}?",
            "Store opening hours",
            "Can I try it on in a shop?",
        ),
        opening=(
            "Do you have a shop near {city}? I'd like to try on a few sizes before ordering.",
            "Could you tell me the opening hours of your shop in {city}, and whether I can "
            "return an online order there?",
        ),
        short=(
            "do you have a store in {city}?",
            "Nearest shop to {city}? 🙂",
            "can I return online orders in store?",
        ),
        spoken=("hi I'm in {city} and I'd like to know where your nearest shop is",),
        details=("I'm in {city}, ideally somewhere I can get to by train.",),
        restate=("You're looking for a shop near {city} to try some items on.",),
        ask=("Which items would you like to try? I can check they're in stock before you go.",),
        fix=("I've asked the shop to check stock of your size and I'll confirm by {deadline}.",),
        solve=(
            "Our nearest shop is at {store}, open Monday to Saturday from 10am to 8pm. "
            "You can also return online orders there.",
            "You'll find us at {store}. If you like, I can ask the team to put your size "
            "aside for 48 hours.",
        ),
    ),
    "account_privacy": ReasonText(
        topic="Account and privacy",
        subjects=(
            "Can't log in to my account",
            "Please delete my account and data",
            "Unsubscribe from marketing emails",
            "Password reset email not arriving",
        ),
        opening=(
            "I can't log in to my account with {email}. I've tried resetting my password "
            "but the email never arrives.",
            "Under GDPR I'd like you to delete my account and all personal data linked to {email}.",
            "I keep receiving marketing emails even though I unsubscribed. Please remove "
            "{email} from all your lists.",
        ),
        short=(
            "can't log in, reset email never comes",
            "Pls delete my account, thanks",
            "stop sending me emails please 🙏",
        ),
        spoken=("hello I can't get into my account and the password reset doesn't work",),
        details=(
            "The email on the account is {email}.",
            "I checked the spam folder as well, nothing there.",
        ),
        restate=(
            "You can't access your account with {email} because the reset email isn't arriving.",
            "You'd like us to delete your account and the personal data linked to {email}.",
        ),
        ask=(
            "To protect your account, could you confirm your postcode and the number of "
            "your last order?",
        ),
        fix=(
            "I've passed your request to our privacy team. It will be completed by "
            "{deadline}, and you'll receive a confirmation email.",
        ),
        solve=(
            "I've sent a new reset link to {email}; it's valid for 24 hours. If you don't "
            "see it, please check the spam folder.",
            "Your account and personal data have been deleted, and {email} has been "
            "removed from all our mailing lists.",
        ),
    ),
}

TEXT = LanguageText(
    code="en",
    reasons=_REASONS,
    greetings=("Hello,", "Hi,", "Dear Verdemare team,", "Hi there,", "Good morning,"),
    signoffs=(
        "Thanks,\n{first}",
        "Kind regards,\n{name}",
        "Many thanks,\n{name}",
        "Best,\n{first}",
        "Thanks in advance,\n{first}",
    ),
    hellos=("", "", "", "Hi! ", "Hello! ", "hi. "),
    already=(
        "I already contacted you {prev_channel} on {prev_date}, but nothing has happened since.",
        "This is my second message: I got in touch {prev_channel} on {prev_date}.",
    ),
    also=("Also, ", "One more thing: ", "And while I'm at it: "),
    nudges=(
        "Hello, any news on this? I haven't heard back.",
        "Hi, just following up on my message below. Thanks.",
        "Could someone please get back to me? It's been a while.",
    ),
    nudges_short=("hello??", "any news?", "Hi, anyone there?", "still waiting..."),
    thanks=(
        "Thank you so much, that's perfect. Have a lovely day!",
        "Great, thanks for sorting this out so quickly.",
        "All good now, thanks for your help.",
        "Received today, thank you! Really good service.",
    ),
    thanks_short=(
        "thanks!! 👍",
        "perfect, thank you",
        "great thanks 😊",
        "got it, cheers!",
        "ok thanks",
    ),
    angry=(
        "Seriously? This is the second time I've had to write about order {order} and "
        "I still have NO answer!!",
        "I've been waiting for days. This is really not good enough!!",
        "Nobody has told me anything yet. I'm getting really annoyed now!!",
    ),
    furious=(
        "THIS IS UNACCEPTABLE!!! I WANT MY MONEY BACK NOW OR I'M FILING A CHARGEBACK "
        "WITH MY BANK!!!",
        "I AM SICK OF THIS!!! I'll be leaving a review on Trustpilot and I'm talking to "
        "my lawyer. NEVER AGAIN!!!",
        "WORST SERVICE EVER!!! THREE EMAILS AND NOTHING!!! NEVER ORDERING FROM YOU AGAIN!!!",
    ),
    calmer=(
        "Ok, thank you for finally explaining. I'll wait until {deadline} then.",
        "Fine, I appreciate the apology. Please keep me posted.",
        "Thanks, that's what I needed to hear. Sorry for my tone earlier, it's been a long week.",
    ),
    form_labels=("Name", "Order number", "Topic", "Message"),
    typos=(
        ("you ", "u "),
        ("please", "pls"),
        ("thanks", "thx"),
        ("received", "recieved"),
        ("because", "cos"),
        ("I'm", "im"),
        ("don't", "dont"),
    ),
    agent_greetings=("Hello {first},", "Hi {first},", "Dear {first},"),
    agent_hellos=("Hi {first}!", "Hello {first}!", "Hi {first}, {agent} here."),
    agent_signoffs=(
        "Kind regards,\n{agent}\nVerdemare Customer Care",
        "Best wishes,\n{agent} | Verdemare Customer Care",
        "All the best,\n{agent}\nThe Verdemare team",
    ),
    empathy=(
        "Thank you for getting in touch, and I'm sorry for the trouble.",
        "I'm really sorry about this, I can imagine how annoying it is.",
        "Thanks for letting us know, and apologies for the inconvenience.",
    ),
    soothe=(
        "I'm truly sorry. You're right to be upset: you should have had a clear answer "
        "days ago, and that's on us. I'm now personally in charge of your case.",
        "I completely understand your frustration, and I apologise for how long this has "
        "taken. Let me put it right for you today.",
        "You have every reason to be angry, and I'm sorry we let you down. Here's exactly "
        "what I've done and when you'll hear from me.",
    ),
    thanks_info=(
        "Thanks for the details, that helps a lot.",
        "Thank you for your patience while I looked into this.",
        "Thanks for getting back to me so quickly.",
    ),
    agent_thanks=(
        "Thank you for your patience, and for shopping with us.",
        "Thanks again for letting us know and giving us the chance to fix it.",
        "Thank you for your understanding.",
    ),
    confirm=(
        "Does this solve the problem for you? If anything's still not right, just reply "
        "to this email.",
        "Could you let me know if you're happy with this solution?",
        "Is everything clear, or is there anything else I can do for you?",
    ),
    confirm_short=("Does that work for you?", "All good?", "Anything else I can help with?"),
    after_call=(
        "As promised on the phone, here's a summary of what we agreed.",
        "Thank you for your call earlier. As discussed:",
    ),
    closing=(
        "Glad to hear it! Have a great day.",
        "You're very welcome, enjoy your order!",
        "Happy to help. Take care!",
    ),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    date_format="{weekday} {day} {month}",
    channel_names={
        "email": "by email",
        "chat": "on the chat",
        "phone": "by phone",
        "web_form": "through your contact form",
        "facebook": "on Facebook",
        "twitter": "on Twitter",
        "instagram": "on Instagram",
        "whatsapp": "on WhatsApp",
        "sms": "by text",
    },
    size_words=("size", "size"),
    size_phrases=("size {size}", "size {size}"),
)
