"""German phrases of the demo desk: customers in Germany, Austria and Switzerland."""

from __future__ import annotations

from api_client.backends.local.demo_text import LanguageText, ReasonText

__all__ = ["TEXT"]

_REASONS = {
    "where_is_my_order": ReasonText(
        topic="Wo ist meine Bestellung?",
        subjects=(
            "Bestellung {order} noch nicht angekommen",
            "Wo bleibt mein Paket?",
            "Sendungsverfolgung {carrier} seit Tagen unverändert",
            "Lieferverzögerung Bestellung {order}",
            "Paket {order} nicht zugestellt",
        ),
        opening=(
            "ich habe am {placed} {item_a} bestellt (Bestellung {order}) und bis heute "
            "nichts erhalten. Die Sendungsverfolgung von {carrier} ({tracking}) hat sich seit "
            "Tagen nicht verändert. Können Sie mir sagen, wo mein Paket ist?",
            "die Lieferung meiner Bestellung {order} war für {eta} angekündigt, aber vom "
            "Paket fehlt jede Spur. Laut Sendungsverfolgung ({url}) ist es noch unterwegs. "
            "Es ist ein Geschenk, deshalb wäre ich für eine kurze Rückmeldung dankbar.",
            "könnten Sie bitte prüfen, was mit der Bestellung {order} los ist? {carrier} "
            "schreibt, das Paket liegt im Depot, aber niemand hat versucht, es zuzustellen. "
            "Sendungsnummer: {tracking}.",
        ),
        short=(
            "meine Bestellung {order} ist immer noch nicht da, Tracking steht seit Montag still",
            "Sollte am {eta} kommen und bis jetzt nichts. Wisst ihr mehr?",
            "Bestellung {order} seit einer Woche unterwegs...",
            "Paket steht auf in Zustellung, aber es kam nie jemand, Bestellung {order}",
        ),
        spoken=(
            "guten Tag hier ist {name} ich rufe wegen der Bestellung {order} an die sollte am "
            "{eta} kommen und ist immer noch nicht da bitte rufen Sie mich zurück danke",
            "ja hallo ich habe {item_a} bestellt und die Sendungsverfolgung von {carrier} "
            "bewegt sich seit einer Woche nicht die Bestellnummer ist {order}",
        ),
        details=(
            "Die Adresse stimmt, und ich war gestern den ganzen Tag zu Hause. Sendungsnummer: "
            "{tracking}.",
            "Es ist die Bestellung {order}, Lieferung an meine Büroadresse. Keine "
            "Benachrichtigungskarte.",
        ),
        restate=(
            "Ich verstehe, dass Ihre Bestellung {order} noch nicht angekommen ist, obwohl "
            "{carrier} die Zustellung für {eta} angekündigt hatte.",
            "Ich sehe, dass die Sendungsverfolgung der Bestellung {order} ({tracking}) seit "
            "ein paar Tagen nicht aktualisiert wurde, und kann mir vorstellen, wie ärgerlich "
            "das Warten ohne Nachricht ist.",
        ),
        ask=(
            "Können Sie mir die Lieferadresse bestätigen und sagen, ob Sie eine "
            "Benachrichtigung oder Nachricht von {carrier} erhalten haben?",
            "Könnten Sie bei Ihren Nachbarn nachfragen, ob jemand das Paket für Sie "
            "angenommen hat?",
        ),
        fix=(
            "Ich habe bei {carrier} einen Nachforschungsauftrag für die Sendung {tracking} "
            "gestellt. Die Antwort kommt meist innerhalb von 48 Stunden; ich melde mich "
            "spätestens bis {deadline} bei Ihnen.",
            "Ich habe {carrier} gebeten, Ihr Paket bevorzugt zu behandeln und uns ein "
            "Lieferfenster zu bestätigen. Sie hören bis {deadline} von mir, egal wie die "
            "Antwort ausfällt.",
        ),
        solve=(
            "Gute Nachrichten: {carrier} hat Ihr Paket im örtlichen Depot gefunden und "
            "stellt es am {delivery} zu. Sie können es hier verfolgen: {url}",
            "Das Paket lag wegen einer unvollständigen Adresse im Depot. Ich habe die "
            "Adresse bei {carrier} korrigiert, es ist jetzt in Zustellung, voraussichtlich "
            "am {delivery}.",
            "Wegen der Verzögerung habe ich Ihnen die Versandkosten erstattet, und {carrier} "
            "hat uns einen neuen Liefertermin bestätigt: {delivery}.",
        ),
    ),
    "return_refund": ReasonText(
        topic="Rücksendung und Erstattung",
        subjects=(
            "Rücksendung Bestellung {order}",
            "Erstattung noch nicht erhalten",
            "Wie funktioniert die Rücksendung?",
            "Retoure {order} - wann bekomme ich mein Geld zurück?",
        ),
        opening=(
            "ich möchte den Artikel {item} aus der Bestellung {order} zurückschicken, er "
            "entspricht nicht meinen Erwartungen. Können Sie mir ein Rücksendeetikett "
            "schicken? Der Artikel ist ungetragen und hat noch das Etikett.",
            "ich habe den Artikel {item} vor zwei Wochen zurückgeschickt, aber die Erstattung "
            "von {amount} ist immer noch nicht da. Wann wird sie veranlasst?",
            "ich möchte einen Teil der Bestellung {order} zurückgeben. Wie funktioniert das, "
            "und ist die Rücksendung kostenlos?",
        ),
        short=(
            "wie schicke ich den Artikel {item} zurück? Bestellung {order}",
            "Retoure letzte Woche abgeschickt, wann kommt das Geld?",
            "will den Artikel {item} zurückschicken, ist das kostenlos?",
            "Warte immer noch auf die Erstattung für {order} 🙄",
        ),
        spoken=(
            "guten Tag ich möchte einen Artikel aus der Bestellung {order} zurückschicken "
            "und finde das Formular auf der Seite nicht",
            "hallo hier ist {name} ich habe vor einer Weile eine Retoure geschickt und noch "
            "kein Geld zurückbekommen",
        ),
        details=(
            "Es geht um den Artikel {item}, Bestellung {order}. Ungetragen, mit Etikett.",
            "Ich habe das Paket letzten Dienstag abgegeben, den Einlieferungsbeleg habe ich noch.",
        ),
        restate=(
            "Sie möchten den Artikel {item} aus der Bestellung {order} zurückgeben und "
            "{amount} erstattet bekommen.",
            "Ich verstehe, dass Sie Ihre Retoure schon vor einiger Zeit abgeschickt haben und "
            "die Erstattung von {amount} noch nicht bei Ihnen angekommen ist.",
        ),
        ask=(
            "Möchten Sie lieber eine Erstattung oder einen Umtausch in eine andere Größe?",
            "Haben Sie die Sendungsnummer Ihrer Retoure oder den Einlieferungsbeleg zur Hand?",
        ),
        fix=(
            "Ich habe Ihnen per E-Mail ein kostenloses Rücksendeetikett geschickt. Bitte "
            "geben Sie das Paket bis {deadline} in einer {carrier}-Filiale ab; die "
            "Erstattung startet, sobald es bei uns ist.",
            "Ich habe das Lager gebeten, Ihre Retoure vorrangig zu prüfen; ich bestätige "
            "Ihnen die Erstattung bis {deadline}.",
        ),
        solve=(
            "Ihre Retoure wurde geprüft und ich habe {amount} auf Ihre ursprüngliche "
            "Zahlungsart erstattet. Der Betrag erscheint in der Regel innerhalb von 5 bis 7 "
            "Werktagen auf Ihrem Konto.",
            "Die Erstattung von {amount} für die Bestellung {order} wurde heute veranlasst. "
            "Je nach Bank kann es ein paar Tage dauern, bis Sie sie sehen.",
        ),
    ),
    "size_fit": ReasonText(
        topic="Größe und Passform",
        subjects=(
            "Falsche Größe - Umtausch möglich?",
            "Umtausch Größe, Bestellung {order}",
            "Zu klein: {item}",
            "Frage zur Größe",
        ),
        opening=(
            "der Artikel {item} aus der Bestellung {order} ist mir zu klein, obwohl ich "
            "normalerweise {the_size} trage. Kann ich ihn gegen {the_other_size} umtauschen?",
            "der Artikel {item} gefällt mir sehr, fällt aber wirklich klein aus. Ist ein "
            "Umtausch in {the_other_size} möglich, und muss ich die Rücksendung bezahlen?",
            "bevor ich den Artikel {item} zurückschicke: fällt {the_other_size} normal aus? "
            "{the_size} ist mir einfach zu eng.",
        ),
        short=(
            "der Artikel {item} ist zu klein, kann ich auf {the_other_size} tauschen?",
            "{the_size} ist zu eng 😅 geht ein Umtausch?",
            "fällt der Artikel {item} klein aus? überlege {the_other_size} zu nehmen",
        ),
        spoken=(
            "hallo ich habe {item_a} in {the_size} bestellt aber das ist zu klein ich hätte "
            "gern {the_other_size}",
        ),
        details=(
            "Ja, bitte in {the_other_size}, gleiche Farbe.",
            "Umtausch bitte, {the_other_size} wäre perfekt. Bestellnummer {order}.",
        ),
        restate=(
            "Der Artikel {item} aus der Bestellung {order} ist Ihnen in {the_size} zu klein, "
            "und Sie möchten ihn gegen {the_other_size} tauschen.",
            "Ich verstehe, dass der Artikel {item} anders ausfällt als erwartet und Sie eine "
            "andere Größe möchten.",
        ),
        ask=(
            "Möchten Sie {the_other_size} in derselben Farbe, oder lieber eine Erstattung?",
            "Ist eher die Länge oder die Weite das Problem? Dann kann ich Ihnen die "
            "passende Größe empfehlen.",
        ),
        fix=(
            "Ich habe {the_other_size} für Sie reserviert und Ihnen ein kostenloses "
            "Rücksendeetikett geschickt. Sobald das Paket gescannt ist, versenden wir die neue "
            "Größe, spätestens bis {deadline}.",
        ),
        solve=(
            "Ihr Umtausch ist bestätigt: Der Artikel in {the_other_size} ist mit {carrier} "
            "unterwegs, Sie können ihn hier verfolgen: {url}",
            "Ich habe den Umtausch in {the_other_size} kostenlos veranlasst. Auch andere Kunden "
            "sagen, dass dieses Modell klein ausfällt, {the_other_size} sollte also perfekt "
            "passen.",
        ),
    ),
    "payment_failed": ReasonText(
        topic="Problem bei der Zahlung",
        subjects=(
            "Zahlung fehlgeschlagen, aber Geld abgebucht",
            "Karte abgelehnt bei Bestellung {order}",
            "Abbuchung trotz stornierter Bestellung?",
            "Problem beim Bezahlen",
        ),
        opening=(
            "ich wollte die Bestellung {order} bezahlen, die Seite hat gemeldet, dass die "
            "Zahlung fehlgeschlagen ist, aber von meinem Konto wurden {total} abgebucht. Was "
            "ist da passiert?",
            "meine Karte wurde an der Kasse zweimal abgelehnt, obwohl sie überall sonst "
            "funktioniert. Jetzt steht die Bestellung {order} auf storniert. Können Sie mir "
            "helfen?",
            "Sie haben mir {total} für die Bestellung {order} abgebucht, danach kam aber eine "
            "E-Mail, dass die Bestellung storniert wurde. Bekomme ich mein Geld zurück?",
        ),
        short=(
            "Zahlung fehlgeschlagen aber Geld trotzdem weg??",
            "Karte abgelehnt, aber meine Bank zeigt {total} an",
            "Bestellung {order} ist storniert obwohl ich bezahlt habe, Hilfe",
        ),
        spoken=(
            "guten Tag meine Zahlung ist nicht durchgegangen aber das Geld wurde abgebucht "
            "Bestellung {order} ich möchte wissen was da los ist",
        ),
        details=(
            "Es war eine Visa-Karte, der Betrag ist {total} und in meiner Banking-App noch "
            "als vorgemerkt angezeigt.",
            "Ich habe mit PayPal bezahlt, die Transaktion ist als abgeschlossen markiert.",
        ),
        restate=(
            "Ich sehe, dass die Zahlung für die Bestellung {order} fehlgeschlagen ist und die "
            "Bestellung storniert wurde, auf Ihrem Konto aber noch {total} angezeigt werden.",
            "Ich verstehe, dass Ihre Karte an der Kasse abgelehnt wurde, obwohl Ihre Bank "
            "den Betrag reserviert hat.",
        ),
        ask=(
            "Können Sie mir sagen, ob der Betrag auf Ihrem Kontoauszug als „vorgemerkt“ oder "
            "als gebucht erscheint?",
            "Mit welcher Zahlungsart haben Sie bezahlt: Karte, PayPal oder Klarna?",
        ),
        fix=(
            "Ich habe unser Zahlungsteam gebeten, beim Zahlungsdienstleister zu prüfen, ob "
            "die Autorisierung storniert wurde. Ich melde mich bis {deadline}.",
        ),
        solve=(
            "Die {total}, die Sie sehen, sind nur eine Vorautorisierung: Ihre Bank gibt sie "
            "innerhalb von 3 bis 5 Werktagen automatisch frei, abgebucht wurde also nichts.",
            "Unser Zahlungsdienstleister bestätigt, dass die Autorisierung storniert wurde: "
            "Die {total} stehen Ihnen bald wieder zur Verfügung. Sie können die Bestellung "
            "jederzeit neu aufgeben, die Artikel sind noch auf Lager.",
        ),
    ),
    "promo_code": ReasonText(
        topic="Gutscheine und Rabattcodes",
        subjects=(
            "Rabattcode {code} funktioniert nicht",
            "Gutscheincode bei {order} vergessen",
            "Rabatt wurde nicht abgezogen",
        ),
        opening=(
            "ich wollte den Code {code} bei der Bestellung {order} einlösen, aber er wurde "
            "als ungültig angezeigt. Ich habe ihn letzte Woche mit Ihrem Newsletter bekommen. "
            "Können Sie mir den Rabatt noch gutschreiben?",
            "ich habe vergessen, meinen Code {code} bei der Bestellung {order} einzugeben. "
            "Kann man ihn nachträglich noch anwenden?",
            "der Code {code} wird an der Kasse akzeptiert, aber der Betrag ändert sich nicht. "
            "Mache ich etwas falsch?",
        ),
        short=(
            "Code {code} geht nicht 😩",
            "Habe vergessen {code} bei meiner Bestellung {order} einzugeben, geht das noch?",
            "gilt {code} auch für Sale-Artikel?",
        ),
        spoken=(
            "hallo ich hatte einen Rabattcode {code} und der wurde bei meiner Bestellung "
            "{order} nicht abgezogen",
        ),
        details=(
            "Der Code ist {code}, er stand in der Willkommens-E-Mail.",
            "Es ist die Bestellung {order}, ich habe den vollen Preis von {total} bezahlt.",
        ),
        restate=(
            "Sie hatten den Code {code}, er wurde aber bei der Bestellung {order} nicht "
            "berücksichtigt.",
            "Ich verstehe, dass der Rabattcode {code} an der Kasse nicht funktioniert hat.",
        ),
        ask=(
            "Können Sie mir die E-Mail mit dem Code weiterleiten? Dann prüfe ich die "
            "Bedingungen des Angebots.",
        ),
        fix=(
            "Ich habe unser Marketing-Team gebeten zu prüfen, warum {code} abgelehnt wurde. "
            "Ich melde mich bis {deadline} bei Ihnen.",
        ),
        solve=(
            "Ich habe Ihnen den Rabatt von {discount} auf Ihre ursprüngliche Zahlungsart "
            "erstattet; Sie sehen ihn in wenigen Werktagen.",
            "Der Code war nicht mit reduzierten Preisen kombinierbar, deshalb wurde er "
            "abgelehnt. Aus Kulanz habe ich Ihnen die {discount} trotzdem erstattet.",
        ),
    ),
    "damaged_item": ReasonText(
        topic="Beschädigter oder fehlerhafter Artikel",
        subjects=(
            "Artikel beschädigt angekommen - Bestellung {order}",
            "Fehlerhafter Artikel: {item}",
            "Reißverschluss bei Lieferung kaputt",
            "Paket beschädigt angekommen",
        ),
        opening=(
            "der Artikel {item} aus der Bestellung {order} kam heute mit einer offenen Naht "
            "an der Seite an. Fotos hänge ich an. Ich hätte gern einen Ersatz.",
            "der Karton kam zerdrückt an und der Artikel {item} darin ist beschädigt. Was "
            "soll ich jetzt tun?",
            "ich habe mein Paket ({order}) geöffnet und auf dem Artikel {item} ist ein Fleck, "
            "der offenbar schon vorher da war. Ich bin sehr enttäuscht.",
        ),
        short=(
            "Artikel {item} kaputt angekommen, Fotos schicke ich",
            "Reißverschluss direkt kaputt 😡 Bestellung {order}",
            "Bestellung ist da aber da ist ein Loch drin... und jetzt?",
        ),
        spoken=(
            "guten Tag heute ist die Bestellung {order} gekommen und der Artikel {item} ist "
            "beschädigt ich hätte gern einen Ersatz",
        ),
        details=(
            "Hier die Fotos: Die Naht ist unter dem Arm etwa 5 cm offen.",
            "Fotos im Anhang. Der Karton war schon zerdrückt, als der Bote ihn mir gegeben hat.",
        ),
        restate=(
            "Es tut mir leid, dass der Artikel {item} aus der Bestellung {order} beschädigt "
            "angekommen ist.",
            "Ich verstehe, dass der Artikel {item} in einem Zustand bei Ihnen ankam, in dem "
            "er unser Lager nie hätte verlassen dürfen.",
        ),
        ask=(
            "Können Sie mir ein paar Fotos vom Schaden und vom Karton schicken? Dann kann "
            "ich den Ersatz sofort veranlassen.",
        ),
        fix=(
            "Ich habe den Schaden an die Qualitätskontrolle gemeldet und das Lager gebeten, "
            "einen neuen Artikel für Sie zu reservieren. Den Versand bestätige ich Ihnen bis "
            "{deadline}.",
        ),
        solve=(
            "Ich habe Ihnen kostenlos einen neuen Artikel {item} geschickt, er kommt bis "
            "{deadline} an. Den beschädigten müssen Sie nicht zurückschicken.",
            "Ein neuer Artikel {item} ist per Expressversand unterwegs, Sendungsverfolgung "
            "hier: {url}. Den beschädigten können Sie behalten oder entsorgen.",
        ),
    ),
    "warranty": ReasonText(
        topic="Garantie und Reparaturen",
        subjects=(
            "Garantieanfrage - {item}",
            "Sohle löst sich nach wenigen Wochen",
            "Naht aufgegangen - Garantiefall?",
        ),
        opening=(
            "ich habe am {placed} {item_a} gekauft (Bestellung {order}) und die Sohle löst "
            "sich schon. Ich habe die Schuhe vielleicht zehnmal getragen. Ist das ein "
            "Garantiefall?",
            "beim Artikel {item} ist nach wenigen Wochen normaler Nutzung die Naht "
            "aufgegangen. Kann das im Rahmen der Garantie repariert oder ersetzt werden?",
        ),
        short=(
            "der Artikel {item} ist nach einem Monat schon hinüber, ist das Garantie?",
            "Die Sohle vom Artikel {item} löst sich, gekauft am {placed} 😞",
        ),
        spoken=(
            "hallo ich habe vor zwei Monaten {item_a} gekauft und die Sohle löst sich schon "
            "ich wollte nach der Garantie fragen",
        ),
        details=(
            "Fotos im Anhang. Die Bestellung war {order}, die Bestätigung habe ich noch.",
            "Es ist der linke Schuh, die Sohle hat sich an der Spitze gelöst.",
        ),
        restate=(
            "Der Artikel {item}, den Sie am {placed} gekauft haben, hat schon nach wenigen "
            "Wochen einen Defekt.",
            "Ich verstehe, dass der Artikel {item} aus der Bestellung {order} kaputtgegangen "
            "ist, und das ist nicht die Qualität, die Sie von uns erwarten.",
        ),
        ask=(
            "Können Sie mir ein Foto vom Defekt schicken? Dann eröffne ich sofort den "
            "Garantiefall.",
        ),
        fix=(
            "Ich habe einen Garantiefall eröffnet und eine kostenlose Abholung mit {carrier} "
            "gebucht. Die Qualitätskontrolle prüft den Artikel, und ich melde mich bis "
            "{deadline}.",
        ),
        solve=(
            "Ihr Garantiefall wurde genehmigt: Statt einer Reparatur schicken wir Ihnen einen "
            "neuen Artikel {item}. Er kommt bis {deadline} bei Ihnen an.",
            "Der Garantiefall ist genehmigt und die Reparatur kostenlos. Ihr Artikel {item} "
            "ist bis {deadline} wieder bei Ihnen.",
        ),
    ),
    "store_locator": ReasonText(
        topic="Unsere Filialen",
        subjects=(
            "Gibt es eine Filiale in der Nähe von {city}?",
            "Öffnungszeiten der Filiale",
            "Kann ich im Laden anprobieren?",
        ),
        opening=(
            "haben Sie eine Filiale in der Nähe von {city}? Ich würde gern ein paar Größen "
            "anprobieren, bevor ich bestelle.",
            "können Sie mir die Öffnungszeiten Ihrer Filiale in der Nähe von {city} nennen, "
            "und ob ich dort eine Online-Bestellung zurückgeben kann?",
        ),
        short=(
            "habt ihr einen Laden in {city}?",
            "Welche Filiale ist am nächsten an {city}? 🙂",
            "kann man Online-Bestellungen im Laden zurückgeben?",
        ),
        spoken=("guten Tag ich wohne in {city} und wollte wissen wo Ihre nächste Filiale ist",),
        details=("Ich wohne in {city}, am besten gut mit der Bahn erreichbar.",),
        restate=(
            "Sie suchen eine Filiale in der Nähe von {city}, um einige Artikel anzuprobieren.",
        ),
        ask=(
            "Welche Artikel möchten Sie anprobieren? Ich kann vorab prüfen, ob sie vorrätig sind.",
        ),
        fix=(
            "Ich habe die Filiale gebeten, den Bestand in Ihrer Größe zu prüfen, und melde "
            "mich bis {deadline}.",
        ),
        solve=(
            "Unsere nächste Filiale finden Sie in der {store}, geöffnet Montag bis Samstag "
            "von 10 bis 20 Uhr. Dort können Sie auch Online-Bestellungen zurückgeben.",
            "Sie finden uns in der {store}. Wenn Sie möchten, lasse ich Ihre Größe dort 48 "
            "Stunden für Sie zurücklegen.",
        ),
    ),
    "account_privacy": ReasonText(
        topic="Kundenkonto und Datenschutz",
        subjects=(
            "Ich kann mich nicht einloggen",
            "Bitte Konto und Daten löschen",
            "Abmeldung vom Newsletter",
            "E-Mail zum Zurücksetzen des Passworts kommt nicht an",
        ),
        opening=(
            "ich kann mich mit {email} nicht in mein Konto einloggen. Ich habe versucht, das "
            "Passwort zurückzusetzen, aber die E-Mail kommt nie an.",
            "gemäß DSGVO bitte ich Sie, mein Konto und alle mit {email} verknüpften "
            "personenbezogenen Daten zu löschen.",
            "ich bekomme weiterhin Werbe-E-Mails, obwohl ich mich abgemeldet habe. Bitte "
            "entfernen Sie {email} aus allen Verteilern.",
        ),
        short=(
            "kann mich nicht einloggen, Passwort-Mail kommt nicht",
            "Könnt ihr bitte mein Konto löschen? Danke",
            "bitte keine Newsletter mehr 🙏",
        ),
        spoken=(
            "guten Tag ich komme nicht mehr in mein Konto und das Zurücksetzen des Passworts "
            "funktioniert nicht",
        ),
        details=(
            "Die E-Mail-Adresse des Kontos ist {email}.",
            "Im Spam-Ordner habe ich auch nachgeschaut, nichts.",
        ),
        restate=(
            "Sie kommen nicht in Ihr Konto {email}, weil die E-Mail zum Zurücksetzen nicht "
            "ankommt.",
            "Sie möchten, dass wir Ihr Konto und die mit {email} verknüpften Daten löschen.",
        ),
        ask=(
            "Zum Schutz Ihres Kontos: Können Sie mir Ihre Postleitzahl und die Nummer Ihrer "
            "letzten Bestellung nennen?",
        ),
        fix=(
            "Ich habe Ihre Anfrage an unser Datenschutz-Team weitergegeben. Sie wird bis "
            "{deadline} erledigt, und Sie erhalten eine Bestätigung per E-Mail.",
        ),
        solve=(
            "Ich habe Ihnen einen neuen Link zum Zurücksetzen an {email} geschickt, er ist 24 "
            "Stunden gültig. Falls Sie ihn nicht sehen, schauen Sie bitte im Spam-Ordner nach.",
            "Ihr Konto und Ihre personenbezogenen Daten wurden gelöscht, und {email} wurde aus "
            "allen unseren Verteilern entfernt.",
        ),
    ),
}

TEXT = LanguageText(
    code="de",
    reasons=_REASONS,
    greetings=(
        "Hallo,",
        "Guten Tag,",
        "Sehr geehrte Damen und Herren,",
        "Hallo zusammen,",
        "Moin,",
    ),
    signoffs=(
        "Viele Grüße\n{first}",
        "Mit freundlichen Grüßen\n{name}",
        "Danke und liebe Grüße\n{first}",
        "Beste Grüße\n{name}",
    ),
    hellos=("", "", "", "Hallo! ", "Hi. ", "Guten Tag! "),
    already=(
        "Ich habe mich schon am {prev_date} {prev_channel} gemeldet, aber seitdem ist nichts "
        "passiert.",
        "Das ist schon meine zweite Nachricht: Ich hatte Ihnen am {prev_date} {prev_channel} "
        "geschrieben.",
    ),
    also=("Außerdem: ", "Noch etwas: ", "Und wo ich schon dabei bin: "),
    nudges=(
        "Hallo, gibt es schon etwas Neues? Ich habe noch keine Antwort bekommen.",
        "Guten Tag, ich komme auf meine Nachricht unten zurück. Danke.",
        "Kann mir bitte jemand antworten? Es ist schon eine Weile her.",
    ),
    nudges_short=("hallo??", "gibt's was Neues?", "Ist da jemand?", "warte immer noch..."),
    thanks=(
        "Vielen Dank, das ist perfekt. Schönen Tag noch!",
        "Super, danke, dass das so schnell geklappt hat.",
        "Jetzt passt alles, danke für Ihre Hilfe.",
        "Heute angekommen, danke! Wirklich toller Service.",
    ),
    thanks_short=(
        "danke!! 👍",
        "perfekt, danke",
        "super, vielen Dank 😊",
        "angekommen, danke!",
        "ok danke",
    ),
    angry=(
        "Ernsthaft? Das ist schon das zweite Mal, dass ich wegen der Bestellung {order} "
        "schreibe, und immer noch KEINE Antwort!!",
        "Ich warte seit Tagen. So geht das wirklich nicht!!",
        "Niemand hat mir bisher etwas gesagt. Langsam werde ich richtig sauer!!",
    ),
    furious=(
        "DAS IST EINE FRECHHEIT!!! ICH WILL MEIN GELD SOFORT ZURÜCK, SONST LASSE ICH DIE "
        "ZAHLUNG BEI MEINER BANK ZURÜCKBUCHEN!!!",
        "MIR REICHT'S!!! Ich schreibe eine Bewertung auf Trustpilot und schalte meinen "
        "Anwalt ein. NIE WIEDER!!!",
        "UNMÖGLICHER SERVICE!!! DREI E-MAILS UND NICHTS!!! NIE WIEDER BESTELLE ICH BEI EUCH!!!",
    ),
    calmer=(
        "Okay, danke, dass Sie es mir endlich erklärt haben. Dann warte ich bis {deadline}.",
        "Na gut, ich nehme die Entschuldigung an. Bitte halten Sie mich auf dem Laufenden.",
        "Danke, genau das wollte ich hören. Sorry für meinen Ton vorhin, war eine lange Woche.",
    ),
    form_labels=("Name", "Bestellnummer", "Thema", "Nachricht"),
    typos=(
        ("nicht", "nich"),
        ("habe ", "hab "),
        ("ist ", "is "),
        ("vielleicht", "vllt"),
        ("dass", "das"),
        ("wieder", "wider"),
    ),
    agent_greetings=("Hallo {first},", "Guten Tag {name},", "Liebe Kundin, lieber Kunde,"),
    agent_hellos=("Hallo {first}!", "Guten Tag, {first}!", "Hallo {first}, hier ist {agent}."),
    agent_signoffs=(
        "Viele Grüße\n{agent}\nVerdemare Kundenservice",
        "Freundliche Grüße\n{agent} | Verdemare Kundenservice",
        "Beste Grüße\n{agent}\nIhr Verdemare-Team",
    ),
    empathy=(
        "Danke, dass Sie sich bei uns melden, und entschuldigen Sie die Umstände.",
        "Das tut mir wirklich leid, ich kann mir vorstellen, wie ärgerlich das ist.",
        "Danke für Ihren Hinweis, und bitte entschuldigen Sie die Unannehmlichkeiten.",
    ),
    soothe=(
        "Es tut mir aufrichtig leid. Sie sind zu Recht verärgert: Sie hätten schon vor "
        "Tagen eine klare Antwort bekommen müssen, und das liegt an uns. Ich kümmere mich "
        "ab jetzt persönlich um Ihr Anliegen.",
        "Ich verstehe Ihren Ärger voll und ganz und entschuldige mich dafür, wie lange das "
        "gedauert hat. Lassen Sie mich das heute noch in Ordnung bringen.",
        "Sie haben allen Grund, verärgert zu sein, und es tut mir leid, dass wir Sie "
        "enttäuscht haben. Hier ist genau, was ich veranlasst habe und wann Sie von mir hören.",
    ),
    thanks_info=(
        "Danke für die Details, das hilft mir sehr.",
        "Danke für Ihre Geduld, während ich das geprüft habe.",
        "Danke für Ihre schnelle Rückmeldung.",
    ),
    agent_thanks=(
        "Vielen Dank für Ihre Geduld und Ihr Vertrauen.",
        "Nochmals danke für Ihren Hinweis und dafür, dass wir es wiedergutmachen konnten.",
        "Danke für Ihr Verständnis.",
    ),
    confirm=(
        "Ist das Problem damit gelöst? Falls noch etwas nicht passt, antworten Sie einfach "
        "auf diese E-Mail.",
        "Können Sie mir kurz sagen, ob diese Lösung für Sie passt?",
        "Ist alles klar, oder kann ich sonst noch etwas für Sie tun?",
    ),
    confirm_short=("Passt das so für Sie?", "Alles in Ordnung?", "Kann ich sonst noch helfen?"),
    after_call=(
        "Wie am Telefon versprochen, hier eine Zusammenfassung unserer Vereinbarung.",
        "Danke für Ihren Anruf vorhin. Wie besprochen:",
    ),
    closing=(
        "Das freut mich! Schönen Tag noch.",
        "Gern geschehen, viel Freude mit Ihrer Bestellung!",
        "Gern geholfen. Alles Gute!",
    ),
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    weekdays=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    date_format="{weekday}, {day}. {month}",
    channel_names={
        "email": "per E-Mail",
        "chat": "im Chat",
        "phone": "telefonisch",
        "web_form": "über das Kontaktformular",
        "facebook": "auf Facebook",
        "twitter": "auf Twitter",
        "instagram": "auf Instagram",
        "whatsapp": "per WhatsApp",
        "sms": "per SMS",
    },
    size_words=("Größe", "Größe"),
    size_phrases=("Größe {size}", "Größe {size}"),
)
