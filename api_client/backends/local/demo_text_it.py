"""Italian phrases of the demo desk: customers in Italy and Ticino, agents who use "Lei"."""

from __future__ import annotations

from api_client.backends.local.demo_text import LanguageText, ReasonText

__all__ = ["TEXT"]

_REASONS = {
    "where_is_my_order": ReasonText(
        topic="Dov'è il mio ordine?",
        subjects=(
            "Ordine {order} non ancora arrivato",
            "Dov'è il mio pacco?",
            "Spedizione {order} ferma da giorni",
            "Ritardo consegna ordine {order}",
            "Tracking {carrier} non si aggiorna",
        ),
        opening=(
            "ho ordinato {item_a} {placed} (ordine {order}) e non è ancora arrivato nulla. "
            "Il tracking {carrier} ({tracking}) è fermo da giorni. Potete dirmi dove si "
            "trova il pacco?",
            "la consegna dell'ordine {order} era prevista per {eta}, ma del pacco nessuna "
            "traccia. Sulla pagina del corriere ({url}) risulta ancora in transito. Mi serve "
            "per un regalo, quindi vi chiedo gentilmente un aggiornamento.",
            "potreste verificare cosa succede con l'ordine {order}? {carrier} dice che il "
            "pacco è in filiale ma nessuno ha provato a consegnarlo. Numero di tracking: "
            "{tracking}.",
        ),
        short=(
            "il mio ordine {order} non è ancora arrivato, il tracking è fermo da lunedì",
            "Dovevo riceverlo {eta} e ancora niente. Sapete qualcosa?",
            "ordine {order} ancora in transito da una settimana...",
            "Il pacco risulta in consegna ma non è mai passato nessuno, ordine {order}",
        ),
        spoken=(
            "buongiorno sono {name} chiamo per l'ordine {order} doveva arrivare {eta} e "
            "non è ancora arrivato mi potete richiamare grazie",
            "salve ho ordinato {item_a} e il tracking di {carrier} non si muove da una "
            "settimana il numero d'ordine è {order}",
        ),
        details=(
            "L'indirizzo è corretto e ieri ero in casa tutto il giorno. Il tracking è {tracking}.",
            "È l'ordine {order}, con consegna all'indirizzo dell'ufficio. Nessun avviso di "
            "passaggio.",
        ),
        restate=(
            "Capisco che il Suo ordine {order} non è ancora arrivato, nonostante {carrier} "
            "ne prevedesse la consegna per {eta}.",
            "Vedo che il tracking dell'ordine {order} ({tracking}) non si aggiorna da "
            "qualche giorno, e immagino quanto sia frustrante aspettare senza notizie.",
        ),
        ask=(
            "Può confermarmi l'indirizzo di consegna e dirmi se ha ricevuto un avviso di "
            "passaggio o un messaggio da {carrier}?",
            "Potrebbe verificare con i vicini o con il portiere se qualcuno ha ritirato il "
            "pacco al posto Suo?",
        ),
        fix=(
            "Ho aperto una richiesta di verifica con {carrier} per la spedizione {tracking}. "
            "Di solito rispondono entro 48 ore: Le darò notizie al più tardi entro {deadline}.",
            "Ho chiesto a {carrier} di dare priorità al Suo pacco e di confermarci una fascia "
            "di consegna. La aggiornerò entro {deadline}, qualunque sia la risposta.",
        ),
        solve=(
            "Buone notizie: {carrier} ha ritrovato il pacco nella filiale di zona e lo "
            "consegnerà {delivery}. Può seguirlo qui: {url}",
            "Il pacco era fermo in filiale per un indirizzo incompleto. L'ho corretto con "
            "{carrier} ed è ora in consegna, con arrivo previsto {delivery}.",
            "Visto il ritardo, Le ho rimborsato le spese di spedizione, e {carrier} ci ha "
            "confermato la nuova data di consegna: {delivery}.",
        ),
    ),
    "return_refund": ReasonText(
        topic="Resi e rimborsi",
        subjects=(
            "Richiesta di reso ordine {order}",
            "Rimborso non ancora ricevuto",
            "Come faccio il reso?",
            "Reso {order}: quando arriva il rimborso?",
        ),
        opening=(
            "vorrei restituire l'articolo {item} dell'ordine {order}, non è come me "
            "l'aspettavo. Potete mandarmi l'etichetta per il reso? È ancora con il cartellino.",
            "ho rispedito l'articolo {item} due settimane fa ma il rimborso di {amount} non "
            "è ancora arrivato. Potete dirmi quando verrà effettuato?",
            "vorrei rendere una parte dell'ordine {order}. Come funziona? Il reso è gratuito?",
        ),
        short=(
            "come faccio il reso dell'articolo {item}? ordine {order}",
            "Ho spedito il reso la settimana scorsa, quando arriva il rimborso?",
            "vorrei rimandare indietro l'articolo {item}, il reso è gratis?",
            "Sto ancora aspettando il rimborso dell'ordine {order} 🙄",
        ),
        spoken=(
            "buongiorno vorrei fare il reso di un articolo dell'ordine {order} ma sul sito "
            "non trovo il modulo",
            "salve sono {name} ho spedito un reso un po' di tempo fa e il rimborso non è "
            "ancora arrivato",
        ),
        details=(
            "È l'articolo {item}, ordine {order}. Mai indossato, ha ancora il cartellino.",
            "Ho spedito il reso martedì scorso, ho ancora la ricevuta dell'ufficio postale.",
        ),
        restate=(
            "Desidera restituire l'articolo {item} dell'ordine {order} e ricevere il "
            "rimborso di {amount}.",
            "Capisco che ha spedito il reso da un po' di tempo e che il rimborso di {amount} "
            "non Le è ancora arrivato.",
        ),
        ask=(
            "Preferisce il rimborso oppure il cambio con un'altra taglia?",
            "Ha il numero di tracking del pacco di reso o la ricevuta di spedizione?",
        ),
        fix=(
            "Le ho inviato per email un'etichetta di reso prepagata. Può consegnare il pacco "
            "in qualsiasi punto {carrier} entro {deadline}: il rimborso parte appena ci arriva.",
            "Ho chiesto al magazzino di controllare il Suo reso con priorità; Le confermo il "
            "rimborso entro {deadline}.",
        ),
        solve=(
            "Il reso è stato controllato e ho disposto il rimborso di {amount} sul metodo di "
            "pagamento originale. Di solito compare in estratto conto entro 5-7 giorni lavorativi.",
            "Il rimborso di {amount} per l'ordine {order} è partito oggi. A seconda della "
            "banca, potrebbe volerci qualche giorno prima di vederlo.",
        ),
    ),
    "size_fit": ReasonText(
        topic="Taglie e vestibilità",
        subjects=(
            "Taglia sbagliata, posso fare il cambio?",
            "Cambio taglia ordine {order}",
            "Taglia troppo piccola: {item}",
            "Consiglio sulla taglia",
        ),
        opening=(
            "l'articolo {item} dell'ordine {order} mi va piccolo, anche se di solito porto "
            "{the_size}. Posso cambiarlo con {the_other_size}?",
            "l'articolo {item} mi piace molto ma veste davvero piccolo. È possibile "
            "cambiarlo con {the_other_size}? Il reso è a carico mio?",
            "prima di rimandare indietro l'articolo {item}: con {the_other_size} veste "
            "regolare? Con {the_size} mi sta proprio stretto.",
        ),
        short=(
            "l'articolo {item} mi va piccolo, posso cambiarlo con {the_other_size}?",
            "Mi sta troppo stretto 😅 si può fare il cambio con {the_other_size}?",
            "l'articolo {item} veste piccolo? pensavo di prendere {the_other_size}",
        ),
        spoken=(
            "salve ho ordinato {item_a} ma mi va piccolo vorrei cambiarlo con {the_other_size}",
        ),
        details=(
            "Sì, vorrei {the_other_size}, stesso colore per favore.",
            "Il cambio, grazie: con {the_other_size} andrebbe benissimo. L'ordine è {order}.",
        ),
        restate=(
            "L'articolo {item} dell'ordine {order} Le va piccolo e desidera cambiarlo con "
            "{the_other_size}.",
            "Capisco che l'articolo {item} non veste come previsto e vorrebbe un'altra taglia.",
        ),
        ask=(
            "Desidera {the_other_size} nello stesso colore, oppure preferisce il rimborso?",
            "Mi dice se il problema è la lunghezza o la larghezza? Così Le consiglio la "
            "taglia giusta.",
        ),
        fix=(
            "Le ho riservato l'articolo con {the_other_size} e Le ho inviato un'etichetta di "
            "reso gratuita. Appena il pacco viene scansionato spediamo il cambio, al più tardi "
            "entro {deadline}.",
        ),
        solve=(
            "Il cambio è confermato: l'articolo con {the_other_size} è in viaggio con "
            "{carrier}, può seguirlo qui: {url}",
            "Ho organizzato il cambio con {the_other_size} senza costi. Anche altri clienti "
            "dicono che questo modello veste piccolo, quindi dovrebbe andarLe perfettamente.",
        ),
    ),
    "payment_failed": ReasonText(
        topic="Problemi di pagamento",
        subjects=(
            "Pagamento non riuscito ma addebitato",
            "Carta rifiutata sull'ordine {order}",
            "Addebito su ordine annullato",
            "Problema con il pagamento",
        ),
        opening=(
            "ho provato a pagare l'ordine {order}, il sito mi ha detto che il pagamento non "
            "è andato a buon fine ma sul conto mi hanno tolto {total}. Cosa è successo?",
            "la mia carta è stata rifiutata due volte al checkout, eppure funziona "
            "dappertutto. Ora vedo l'ordine {order} annullato. Mi potete aiutare?",
            "mi avete addebitato {total} per l'ordine {order}, ma poi mi è arrivata una mail "
            "che l'ordine è stato annullato. Riavrò i miei soldi?",
        ),
        short=(
            "pagamento non riuscito ma i soldi me li avete presi??",
            "Carta rifiutata al checkout ma in banca vedo {total}",
            "l'ordine {order} risulta annullato ma io ho pagato, aiuto",
        ),
        spoken=(
            "buongiorno il pagamento non è andato a buon fine però i soldi sono usciti dal "
            "conto ordine {order} vorrei capire cosa succede",
        ),
        details=(
            "Ho usato una carta Visa prepagata, l'importo è {total} e risulta ancora in "
            "sospeso sull'app della banca.",
            "Ho pagato con PayPal, la transazione risulta completata.",
        ),
        restate=(
            "Vedo che il pagamento dell'ordine {order} non è andato a buon fine e l'ordine è "
            "stato annullato, ma sul Suo conto compaiono ancora {total}.",
            "Capisco che la carta è stata rifiutata al checkout, anche se la banca Le ha "
            "bloccato l'importo.",
        ),
        ask=(
            "Mi conferma se in estratto conto l'importo risulta 'in sospeso' oppure come "
            "pagamento contabilizzato?",
            "Con quale metodo ha pagato: carta, PayPal o Klarna?",
        ),
        fix=(
            "Ho chiesto al nostro reparto pagamenti di verificare con il circuito che "
            "l'autorizzazione sia stata annullata. La ricontatto entro {deadline}.",
        ),
        solve=(
            "I {total} che vede sono solo una preautorizzazione: la banca la sblocca "
            "automaticamente entro 3-5 giorni lavorativi, quindi non c'è stato alcun addebito.",
            "Il circuito di pagamento conferma che l'autorizzazione è stata annullata: i "
            "{total} torneranno disponibili sul Suo conto. Può ripetere l'ordine quando "
            "vuole, gli articoli sono ancora disponibili.",
        ),
    ),
    "promo_code": ReasonText(
        topic="Codici sconto",
        subjects=(
            "Il codice sconto {code} non funziona",
            "Ho dimenticato il codice sconto su {order}",
            "Codice promozionale non applicato",
        ),
        opening=(
            "ho provato a usare il codice {code} sull'ordine {order} ma mi dice che non è "
            "valido. L'ho ricevuto con la vostra newsletter la settimana scorsa. Potete "
            "applicarmi lo sconto?",
            "ho dimenticato di inserire il codice {code} quando ho fatto l'ordine {order}. "
            "C'è un modo per applicarlo lo stesso?",
            "il codice {code} viene accettato al checkout ma il totale non cambia. Sbaglio "
            "qualcosa?",
        ),
        short=(
            "il codice {code} non funziona 😩",
            "Ho dimenticato di usare {code} sull'ordine {order}, si può ancora applicare?",
            "{code} vale anche sui saldi?",
        ),
        spoken=("salve avevo un codice sconto {code} e non è stato applicato all'ordine {order}",),
        details=(
            "Il codice è {code}, era nella mail di benvenuto.",
            "È l'ordine {order}, ho pagato il prezzo pieno di {total}.",
        ),
        restate=(
            "Aveva il codice {code}, ma non è stato applicato all'ordine {order}.",
            "Capisco che il codice sconto {code} non ha funzionato al checkout.",
        ),
        ask=("Può inoltrarmi la mail con il codice? Così verifico le condizioni dell'offerta.",),
        fix=(
            "Ho chiesto al reparto marketing di verificare perché {code} è stato rifiutato. "
            "Le rispondo entro {deadline}.",
        ),
        solve=(
            "Le ho rimborsato lo sconto di {discount} sul metodo di pagamento originale; lo "
            "vedrà entro pochi giorni lavorativi.",
            "Il codice non era cumulabile con i prezzi in saldo, per questo veniva "
            "rifiutato. Come gesto di cortesia Le ho comunque rimborsato {discount}.",
        ),
    ),
    "damaged_item": ReasonText(
        topic="Articolo danneggiato o difettoso",
        subjects=(
            "Articolo arrivato danneggiato - ordine {order}",
            "Articolo difettoso: {item}",
            "Cerniera rotta alla consegna",
            "Pacco arrivato rovinato",
        ),
        opening=(
            "l'articolo {item} dell'ordine {order} è arrivato oggi con una cucitura aperta "
            "sul fianco. Vi allego le foto. Vorrei la sostituzione, grazie.",
            "la scatola è arrivata schiacciata e l'articolo {item} all'interno è rovinato. "
            "Come devo fare?",
            "ho aperto il pacco ({order}) e c'è una macchia sull'articolo {item}, sembra che "
            "ci fosse già. Sono molto delus{o}.",
        ),
        short=(
            "articolo {item} arrivato danneggiato, vi mando le foto",
            "Cerniera rotta appena arrivato 😡 ordine {order}",
            "mi è arrivato l'ordine ma c'è un buco... e adesso?",
        ),
        spoken=(
            "buongiorno oggi è arrivato l'ordine {order} e l'articolo {item} è danneggiato "
            "vorrei la sostituzione",
        ),
        details=(
            "Ecco le foto: la cucitura è aperta per circa 5 cm sotto il braccio.",
            "Foto in allegato. La scatola era già schiacciata quando il corriere me l'ha data.",
        ),
        restate=(
            "Mi dispiace che l'articolo {item} dell'ordine {order} sia arrivato danneggiato.",
            "Capisco che l'articolo {item} Le è arrivato in condizioni in cui non sarebbe "
            "mai dovuto uscire dal nostro magazzino.",
        ),
        ask=(
            "Può mandarmi un paio di foto del danno e della scatola? Così organizzo subito "
            "la sostituzione.",
        ),
        fix=(
            "Ho segnalato il danno al controllo qualità e chiesto al magazzino di riservarLe "
            "un articolo nuovo. Le confermo la spedizione entro {deadline}.",
        ),
        solve=(
            "Le ho spedito gratuitamente un nuovo articolo {item}, che arriverà entro "
            "{deadline}. Non serve rimandarci quello danneggiato.",
            "Un nuovo articolo {item} è in viaggio con consegna espressa, tracking qui: "
            "{url}. Quello danneggiato può tenerlo o riciclarlo.",
        ),
    ),
    "warranty": ReasonText(
        topic="Garanzia e riparazioni",
        subjects=(
            "Richiesta di garanzia - {item}",
            "Suola che si stacca dopo poche settimane",
            "Cuciture scucite, è in garanzia?",
        ),
        opening=(
            "ho comprato {item_a} {placed} (ordine {order}) e la suola si sta già "
            "staccando. Le avrò messe una decina di volte. È coperto dalla garanzia?",
            "le cuciture dell'articolo {item} si sono aperte dopo poche settimane di uso "
            "normale. Si può riparare o sostituire in garanzia?",
        ),
        short=(
            "l'articolo {item} si è già rovinato dopo un mese, è in garanzia?",
            "Si sta staccando la suola dell'articolo {item}, comprato {placed} 😞",
        ),
        spoken=(
            "salve ho comprato {item_a} un paio di mesi fa e la suola si sta già staccando vorrei "
            "sapere "
            "della garanzia",
        ),
        details=(
            "Foto in allegato. L'ordine era {order}, ho ancora la mail di conferma.",
            "È la scarpa sinistra, la suola si è staccata sulla punta.",
        ),
        restate=(
            "L'articolo {item} acquistato {placed} ha un difetto dopo solo poche settimane.",
            "Capisco che l'articolo {item} dell'ordine {order} si è rotto, e non è la "
            "qualità che si aspetta da noi.",
        ),
        ask=("Può mandarmi una foto del difetto? Così apro subito la pratica di garanzia.",),
        fix=(
            "Ho aperto la pratica di garanzia e prenotato il ritiro gratuito con {carrier}. "
            "Il controllo qualità valuterà l'articolo e Le farò sapere entro {deadline}.",
        ),
        solve=(
            "La garanzia è stata approvata: invece della riparazione Le inviamo un articolo "
            "{item} nuovo. Arriverà entro {deadline}.",
            "La garanzia è approvata e la riparazione è gratuita. L'articolo {item} tornerà "
            "da Lei entro {deadline}.",
        ),
    ),
    "store_locator": ReasonText(
        topic="I nostri negozi",
        subjects=(
            "C'è un negozio vicino a {city}?",
            "Orari del negozio",
            "Posso provare i capi in negozio?",
        ),
        opening=(
            "avete un negozio vicino a {city}? Vorrei provare un paio di taglie prima di ordinare.",
            "potete dirmi gli orari del vostro negozio più vicino a {city}, e se posso "
            "fare lì il reso di un ordine online?",
        ),
        short=(
            "avete un negozio a {city}?",
            "Qual è il negozio più vicino a {city}? 🙂",
            "posso fare il reso in negozio di un ordine online?",
        ),
        spoken=("salve sono di {city} e vorrei sapere dov'è il vostro negozio più vicino",),
        details=("Sono a {city}, meglio se raggiungibile in treno.",),
        restate=("Cerca un negozio vicino a {city} per provare alcuni capi.",),
        ask=("Quali articoli vorrebbe provare? Posso verificare la disponibilità prima che vada.",),
        fix=(
            "Ho chiesto al negozio di verificare la disponibilità della Sua taglia e Le "
            "confermo entro {deadline}.",
        ),
        solve=(
            "Il negozio più vicino è in {store}, aperto dal lunedì al sabato dalle 10 alle "
            "20. Lì può anche fare il reso degli ordini online.",
            "Ci trova in {store}. Se vuole, chiedo ai colleghi di tenerLe da parte la Sua "
            "taglia per 48 ore.",
        ),
    ),
    "account_privacy": ReasonText(
        topic="Account e privacy",
        subjects=(
            "Non riesco ad accedere al mio account",
            "Cancellazione account e dati personali",
            "Non voglio più ricevere la newsletter",
            "Non arriva la mail per reimpostare la password",
        ),
        opening=(
            "non riesco ad accedere al mio account con {email}. Ho provato a reimpostare la "
            "password ma la mail non arriva mai.",
            "ai sensi del GDPR vi chiedo di cancellare il mio account e tutti i dati "
            "personali collegati a {email}.",
            "continuo a ricevere email promozionali anche se mi sono disiscritt{o}. Vi prego "
            "di togliere {email} da tutte le vostre liste.",
        ),
        short=(
            "non riesco ad entrare, la mail di reset non arriva",
            "Potete cancellare il mio account? Grazie",
            "basta newsletter per favore 🙏",
        ),
        spoken=(
            "buongiorno non riesco ad accedere al mio account e il recupero password non funziona",
        ),
        details=(
            "L'email dell'account è {email}.",
            "Ho controllato anche nello spam, niente.",
        ),
        restate=(
            "Non riesce ad accedere all'account {email} perché la mail di reset non arriva.",
            "Desidera che cancelliamo il Suo account e i dati personali collegati a {email}.",
        ),
        ask=(
            "Per proteggere il Suo account, può confermarmi il CAP e il numero del Suo "
            "ultimo ordine?",
        ),
        fix=(
            "Ho inoltrato la richiesta al nostro team privacy. Sarà completata entro "
            "{deadline} e riceverà una mail di conferma.",
        ),
        solve=(
            "Le ho inviato un nuovo link di reset a {email}, valido 24 ore. Se non lo vede, "
            "controlli per favore nella cartella spam.",
            "Il Suo account e i Suoi dati personali sono stati cancellati, e {email} è stata "
            "rimossa da tutte le nostre liste.",
        ),
    ),
}

TEXT = LanguageText(
    code="it",
    reasons=_REASONS,
    greetings=("Buongiorno,", "Salve,", "Gentile servizio clienti,", "Buonasera,", "Ciao,"),
    signoffs=(
        "Grazie,\n{first}",
        "Cordiali saluti,\n{name}",
        "Grazie mille,\n{name}",
        "Saluti,\n{first}",
        "Grazie in anticipo,\n{first}",
    ),
    hellos=("", "", "", "Ciao! ", "Buongiorno! ", "Salve. "),
    already=(
        "Vi ho già contattato {prev_channel} {prev_date}, ma da allora non è successo niente.",
        "È il secondo messaggio che vi mando: vi avevo già scritto {prev_channel} {prev_date}.",
    ),
    also=("Inoltre, ", "Un'altra cosa: ", "E già che ci sono: "),
    nudges=(
        "Buongiorno, ci sono novità? Non ho ancora ricevuto risposta.",
        "Salve, riprendo il messaggio qui sotto. Grazie.",
        "Qualcuno può rispondermi per favore? È passato un po' di tempo.",
    ),
    nudges_short=("ci siete??", "novità?", "C'è qualcuno?", "sto ancora aspettando..."),
    thanks=(
        "Grazie mille, perfetto così. Buona giornata!",
        "Ottimo, grazie per aver risolto così in fretta.",
        "Adesso è tutto a posto, grazie dell'aiuto.",
        "Arrivato oggi, grazie! Servizio davvero ottimo.",
    ),
    thanks_short=(
        "grazie!! 👍",
        "perfetto grazie",
        "ok grazie mille 😊",
        "ricevuto, grazie!",
        "ok grazie",
    ),
    angry=(
        "Ma scherziamo? È la seconda volta che scrivo per l'ordine {order} e ancora NESSUNA "
        "risposta!!",
        "Sono giorni che aspetto. Così non va proprio bene!!",
        "Nessuno mi ha ancora detto niente. Comincio davvero ad arrabbiarmi!!",
    ),
    furious=(
        "È INACCETTABILE!!! VOGLIO I MIEI SOLDI INDIETRO SUBITO O FACCIO IL CHARGEBACK CON "
        "LA BANCA!!!",
        "SONO STUF{O}!!! Lascio una recensione su Trustpilot e sento il mio avvocato. MAI "
        "PIÙ DA VOI!!!",
        "SERVIZIO PESSIMO!!! TRE MAIL E NIENTE!!! MAI PIÙ UN ORDINE DA VOI!!!",
    ),
    calmer=(
        "Va bene, grazie di avermi finalmente spiegato. Aspetto allora fino a {deadline}.",
        "D'accordo, apprezzo le scuse. Tenetemi aggiornat{o} per favore.",
        "Grazie, era quello che volevo sentirmi dire. Scusate il tono di prima, è stata "
        "una settimana pesante.",
    ),
    form_labels=("Nome", "Numero d'ordine", "Argomento", "Messaggio"),
    typos=(
        ("perché", "xké"),
        ("comunque", "cmq"),
        ("non ", "nn "),
        ("per ", "x "),
        ("è ", "e' "),
        ("grazie", "grz"),
        ("anche", "anke"),
    ),
    agent_greetings=("Gentile {first},", "Buongiorno {first},", "Salve {first},"),
    agent_hellos=("Buongiorno {first}!", "Salve {first}!", "Buongiorno {first}, sono {agent}."),
    agent_signoffs=(
        "Cordiali saluti,\n{agent}\nServizio Clienti Verdemare",
        "Un cordiale saluto,\n{agent} | Servizio Clienti Verdemare",
        "A presto,\n{agent}\nIl team Verdemare",
    ),
    empathy=(
        "Grazie per averci contattato, e mi scuso per il disagio.",
        "Mi dispiace davvero, immagino quanto sia fastidioso.",
        "Grazie per la segnalazione, e mi scusi per l'inconveniente.",
    ),
    soothe=(
        "Mi scuso sinceramente. Ha tutte le ragioni di essere arrabbiat{o}: avrebbe dovuto "
        "ricevere una risposta chiara giorni fa, e la responsabilità è nostra. Da adesso "
        "seguo io personalmente la Sua pratica.",
        "Comprendo benissimo la Sua frustrazione e mi scuso per i tempi così lunghi. "
        "Mi lasci rimediare oggi stesso.",
        "Ha ragione ad essere arrabbiat{o} e mi dispiace di averLa delusa. Ecco esattamente "
        "cosa ho fatto e quando avrà mie notizie.",
    ),
    thanks_info=(
        "Grazie per i dettagli, mi sono molto utili.",
        "Grazie per la pazienza mentre verificavo.",
        "Grazie per la risposta così rapida.",
    ),
    agent_thanks=(
        "Grazie per la pazienza e per aver scelto Verdemare.",
        "Grazie ancora per la segnalazione e per averci dato modo di rimediare.",
        "Grazie per la comprensione.",
    ),
    confirm=(
        "Così il problema è risolto? Se qualcosa non va ancora, risponda pure a questa email.",
        "Mi fa sapere se questa soluzione Le va bene?",
        "È tutto chiaro, o posso fare altro per Lei?",
    ),
    confirm_short=("Le va bene così?", "Tutto a posto?", "Posso aiutarLa in altro?"),
    after_call=(
        "Come promesso al telefono, Le riassumo quanto concordato.",
        "Grazie per la telefonata di poco fa. Come d'accordo:",
    ),
    closing=(
        "Mi fa piacere! Buona giornata.",
        "Si figuri, buon utilizzo!",
        "È stato un piacere aiutarLa. A presto!",
    ),
    months=(
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    weekdays=("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    date_format="{weekday} {day} {month}",
    channel_names={
        "email": "per email",
        "chat": "in chat",
        "phone": "al telefono",
        "web_form": "dal modulo sul sito",
        "facebook": "su Facebook",
        "twitter": "su Twitter",
        "instagram": "su Instagram",
        "whatsapp": "su WhatsApp",
        "sms": "via SMS",
    },
    size_words=("taglia", "numero"),
    size_phrases=("la taglia {size}", "il numero {size}"),
)
