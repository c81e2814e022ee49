"""What agents write for each other: internal notes and call summaries, in English or Italian.

The team works from Italy, so notes are in English or Italian whatever language the
customer speaks; Italian-speaking agents write theirs in Italian. Templates use the
slots of :data:`api_client.backends.local.demo_text.SLOTS`.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["CALL_SUMMARIES", "ESCALATION_NOTES", "NOTES"]

NOTES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "en": {
        "where_is_my_order": (
            "Checked {tracking} on the {carrier} portal: last scan 3 days ago at the sorting hub. "
            "Opened a trace request, they answer within 48h.",
            "{carrier} confirms {order} is delayed at the depot, new delivery date {delivery}. "
            "Set a reminder to check again tomorrow.",
            "Parcel for {order} shows 'address incomplete'. Asked {carrier} to hold it and "
            "called the customer to confirm the doorbell name.",
        ),
        "return_refund": (
            "Return for {order} received at the warehouse, item checked and OK. "
            "Refund of {amount} approved.",
            "Customer is within the 30-day window. Sent prepaid return label, refund once "
            "the warehouse scans it.",
            "Return parcel still in transit to the warehouse. Waiting for the scan before "
            "refunding {amount}.",
        ),
        "size_fit": (
            "Size {other_size} of {item} is in stock. Reserved one for the exchange.",
            "Exchange {size} -> {other_size} for {order}. Return label sent, new item ships "
            "when the return is scanned.",
        ),
        "payment_failed": (
            "Payment provider log for {order}: authorisation declined by the issuing bank, "
            "then the order was cancelled. No capture on our side.",
            "Checked with Payments: the amount is only a pre-authorisation, it drops off in "
            "3 to 5 working days. Nothing to refund.",
        ),
        "promo_code": (
            "Code {code} expired before {order} was placed, but we honour it: refund of "
            "{discount} approved by the team lead.",
            "{code} does not apply to items already on sale, that's why checkout refused it. "
            "Offered the difference as a goodwill gesture.",
        ),
        "damaged_item": (
            "Photos received: {item} has a torn seam, clearly a manufacturing fault. "
            "Replacement approved, no return needed.",
            "Damage caused in transit (box crushed). Opened a claim with {carrier} and "
            "shipped a replacement.",
        ),
        "warranty": (
            "Within the 2-year warranty. Asked the warehouse to book a repair, pick-up by "
            "{carrier}.",
            "Warranty claim for {item} approved by Quality: replacement instead of repair, "
            "the model is still in stock.",
        ),
        "store_locator": (
            "Customer looking for the nearest shop: {store}. Checked stock there for their size.",
        ),
        "account_privacy": (
            "GDPR request received for {email}. Forwarded to privacy@ team, deadline 30 days.",
            "Password reset mail was in spam. Customer logged in fine after a new link.",
        ),
    },
    "it": {
        "where_is_my_order": (
            "Controllato {tracking} sul portale {carrier}: ultimo scan 3 giorni fa all'hub. "
            "Aperta richiesta di giacenza, rispondono entro 48 ore.",
            "{carrier} conferma ritardo in filiale per {order}, nuova data di consegna {delivery}. "
            "Promemoria per ricontrollare domani.",
            "Il pacco di {order} risulta 'indirizzo incompleto'. Chiesto a {carrier} di "
            "fermarlo e chiamata la cliente per il nome sul citofono.",
        ),
        "return_refund": (
            "Reso di {order} arrivato in magazzino, articolo controllato e integro. "
            "Rimborso di {amount} approvato.",
            "Siamo nei 30 giorni. Inviata etichetta di reso prepagata, rimborso appena il "
            "magazzino la scansiona.",
            "Il reso è ancora in viaggio verso il magazzino. Aspetto lo scan prima di "
            "rimborsare {amount}.",
        ),
        "size_fit": (
            "Taglia {other_size} di {item} disponibile, ne ho bloccata una per il cambio.",
            "Cambio taglia {size} -> {other_size} per {order}. Etichetta inviata, il nuovo "
            "articolo parte quando il reso viene scansionato.",
        ),
        "payment_failed": (
            "Log del gateway per {order}: autorizzazione rifiutata dalla banca, ordine poi "
            "annullato. Nessun incasso da parte nostra.",
            "Sentito Payments: è solo una preautorizzazione, si sblocca in 3-5 giorni "
            "lavorativi. Niente da rimborsare.",
        ),
        "promo_code": (
            "Il codice {code} era scaduto quando è stato fatto {order}, ma lo onoriamo: "
            "rimborso di {discount} approvato dal team lead.",
            "{code} non vale sugli articoli già in saldo, per questo il checkout lo rifiutava. "
            "Offerta la differenza come gesto commerciale.",
        ),
        "damaged_item": (
            "Ricevute le foto: {item} ha una cucitura strappata, difetto di produzione. "
            "Sostituzione approvata senza reso.",
            "Danno da trasporto (scatola schiacciata). Aperto reclamo con {carrier} e "
            "spedita la sostituzione.",
        ),
        "warranty": (
            "Rientra nei 2 anni di garanzia. Chiesto al magazzino di prenotare la riparazione, "
            "ritiro con {carrier}.",
            "Garanzia per {item} approvata dalla Qualità: sostituzione invece di riparazione, "
            "il modello è ancora disponibile.",
        ),
        "store_locator": (
            "Cerca il negozio più vicino: {store}. Verificata la disponibilità della sua taglia.",
        ),
        "account_privacy": (
            "Richiesta GDPR ricevuta per {email}. Inoltrata al team privacy, scadenza 30 giorni.",
            "La mail di reset password era finita nello spam. Con un nuovo link è entrata.",
        ),
    },
}

ESCALATION_NOTES: Mapping[str, tuple[str, ...]] = {
    "en": (
        "Customer very upset, mentions a chargeback. Escalating to the team lead, "
        "please handle with care and answer today.",
        "Threatening a public review and a lawyer. Priority raised. Let's own the mistake, "
        "offer a goodwill voucher and give a firm date.",
        "Third message without a real answer from us, customer is right to be angry. "
        "Taking over this one personally.",
    ),
    "it": (
        "Cliente molto arrabbiato, parla di chargeback. Passo al team lead, "
        "da gestire con cura e rispondere oggi.",
        "Minaccia recensione pubblica e avvocato. Priorità alzata. Ammettiamo l'errore, "
        "offriamo un buono e diamo una data certa.",
        "Terzo messaggio senza una vera risposta da parte nostra, ha ragione ad arrabbiarsi. "
        "Prendo in carico io.",
    ),
}

CALL_SUMMARIES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "en": {
        "where_is_my_order": (
            "Call summary: {name} called about {order}, not delivered yet ({carrier}, "
            "{tracking}). Checked tracking live with them, parcel at the local depot. "
            "Promised an update by {deadline}.",
        ),
        "return_refund": (
            "Call summary: {name} called about the return of {item} ({order}). Checked the "
            "return status with the warehouse and explained the next steps: refund of "
            "{amount} right after the quality check.",
        ),
        "size_fit": (
            "Call summary: {item} from {order} is too small, customer wants {other_size}. "
            "Exchange set up, label sent by email.",
        ),
        "payment_failed": (
            "Call summary: card declined for {order} but customer sees {total} on their "
            "statement. Explained the pre-authorisation, released in 3 to 5 working days.",
        ),
        "promo_code": (
            "Call summary: {code} did not apply on {order}. Refunded {discount} manually, "
            "customer happy.",
        ),
        "damaged_item": (
            "Call summary: {item} from {order} arrived damaged. Asked for photos by email, "
            "replacement to be shipped as soon as they arrive.",
        ),
        "warranty": (
            "Call summary: fault on {item} after a few weeks of use. Under warranty, "
            "repair or replacement agreed, pick-up with {carrier}.",
        ),
        "store_locator": (
            "Call summary: customer asked for a shop near {city}. Gave {store} and opening "
            "hours, checked their size is in stock.",
        ),
        "account_privacy": (
            "Call summary: customer cannot log in and wants their data checked. Verified "
            "identity, sent a reset link to {email}.",
        ),
    },
    "it": {
        "where_is_my_order": (
            "Riepilogo chiamata: {name} chiama per {order}, non ancora consegnato ({carrier}, "
            "{tracking}). Controllato il tracking insieme, pacco in filiale. "
            "Promesso aggiornamento entro {deadline}.",
        ),
        "return_refund": (
            "Riepilogo chiamata: {name} chiama per il reso di {item} ({order}). Verificato lo "
            "stato del reso con il magazzino e spiegati i prossimi passi: rimborso di "
            "{amount} subito dopo il controllo qualità.",
        ),
        "size_fit": (
            "Riepilogo chiamata: {item} di {order} troppo piccolo, vuole la {other_size}. "
            "Cambio impostato, etichetta inviata per email.",
        ),
        "payment_failed": (
            "Riepilogo chiamata: carta rifiutata per {order} ma in estratto conto vede "
            "{total}. Spiegata la preautorizzazione, si sblocca in 3-5 giorni lavorativi.",
        ),
        "promo_code": (
            "Riepilogo chiamata: {code} non applicato su {order}. Rimborsati {discount} a "
            "mano, cliente soddisfatto.",
        ),
        "damaged_item": (
            "Riepilogo chiamata: {item} di {order} arrivato danneggiato. Chieste le foto via "
            "mail, sostituzione appena arrivano.",
        ),
        "warranty": (
            "Riepilogo chiamata: difetto su {item} dopo qualche settimana. In garanzia, "
            "concordata riparazione o sostituzione, ritiro con {carrier}.",
        ),
        "store_locator": (
            "Riepilogo chiamata: cerca un negozio vicino a {city}. Dato {store} con gli "
            "orari, verificata la taglia in negozio.",
        ),
        "account_privacy": (
            "Riepilogo chiamata: non riesce ad accedere e vuole verificare i suoi dati. "
            "Identità verificata, link di reset inviato a {email}.",
        ),
    },
}
