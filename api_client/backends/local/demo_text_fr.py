"""French phrases of the demo desk: customers in France, Belgium and Romandy."""

from __future__ import annotations

from api_client.backends.local.demo_text import LanguageText, ReasonText

__all__ = ["TEXT"]

_REASONS = {
    "where_is_my_order": ReasonText(
        topic="Où est ma commande ?",
        subjects=(
            "Commande {order} toujours pas reçue",
            "Où est mon colis ?",
            "Suivi {carrier} bloqué depuis plusieurs jours",
            "Retard de livraison - commande {order}",
            "Colis {order} introuvable",
        ),
        opening=(
            "J'ai commandé {item_a} le {placed} (commande {order}) et je n'ai toujours rien "
            "reçu. Le suivi {carrier} ({tracking}) n'a pas bougé depuis plusieurs jours. "
            "Pouvez-vous me dire où se trouve mon colis ?",
            "La livraison de ma commande {order} était prévue le {eta}, mais toujours aucune "
            "trace du colis. La page de suivi ({url}) indique qu'il est en cours "
            "d'acheminement. C'est pour un cadeau, je vous remercie de me tenir informé{e}.",
            "Pourriez-vous vérifier ce qui se passe avec la commande {order} ? {carrier} "
            "indique que le colis est en agence mais personne n'est passé. Numéro de suivi : "
            "{tracking}.",
        ),
        short=(
            "ma commande {order} n'est toujours pas arrivée, le suivi est bloqué depuis lundi",
            "Je devais la recevoir le {eta} et toujours rien. Vous avez des nouvelles ?",
            "commande {order} en transit depuis une semaine...",
            "Le colis est marqué en cours de livraison mais personne n'est passé, commande {order}",
        ),
        spoken=(
            "bonjour c'est {name} j'appelle pour la commande {order} elle devait arriver le "
            "{eta} et je n'ai toujours rien vous pouvez me rappeler merci",
            "oui bonjour j'ai commandé {item_a} et le suivi {carrier} ne bouge plus depuis "
            "une semaine le numéro de commande c'est {order}",
        ),
        details=(
            "L'adresse est la bonne et j'étais chez moi toute la journée. Le suivi : {tracking}.",
            "C'est la commande {order}, livrée à mon adresse professionnelle. Aucun avis de "
            "passage.",
        ),
        restate=(
            "Je comprends que votre commande {order} n'est pas encore arrivée, alors que "
            "{carrier} prévoyait de la livrer le {eta}.",
            "Je vois que le suivi de la commande {order} ({tracking}) n'a pas été mis à jour "
            "depuis quelques jours, et j'imagine à quel point c'est agaçant d'attendre sans "
            "nouvelles.",
        ),
        ask=(
            "Pouvez-vous me confirmer l'adresse de livraison et me dire si vous avez reçu un "
            "avis de passage ou un message de {carrier} ?",
            "Pourriez-vous vérifier auprès de vos voisins ou du gardien si quelqu'un a "
            "réceptionné le colis pour vous ?",
        ),
        fix=(
            "J'ai ouvert une enquête auprès de {carrier} pour le colis {tracking}. Ils "
            "répondent en général sous 48 heures : je reviens vers vous au plus tard le "
            "{deadline}.",
            "J'ai demandé à {carrier} de traiter votre colis en priorité et de nous confirmer "
            "un créneau de livraison. Vous aurez de mes nouvelles d'ici le {deadline}, quelle "
            "que soit leur réponse.",
        ),
        solve=(
            "Bonne nouvelle : {carrier} a retrouvé votre colis dans l'agence locale et vous "
            "le livrera le {delivery}. Vous pouvez le suivre ici : {url}",
            "Le colis était bloqué en agence à cause d'une adresse incomplète. Je l'ai "
            "corrigée avec {carrier} et il est maintenant en cours de livraison, prévue le "
            "{delivery}.",
            "Vu le retard, je vous ai remboursé les frais de port, et {carrier} nous a "
            "confirmé une nouvelle date de livraison : le {delivery}.",
        ),
    ),
    "return_refund": ReasonText(
        topic="Retours et remboursements",
        subjects=(
            "Demande de retour - commande {order}",
            "Remboursement toujours pas reçu",
            "Comment faire un retour ?",
            "Retour {order} : quand serai-je remboursé{e} ?",
        ),
        opening=(
            "Je souhaite retourner l'article {item} de la commande {order}, il ne correspond "
            "pas à ce que j'attendais. Pouvez-vous m'envoyer une étiquette de retour ? "
            "L'article n'a pas été porté et a encore son étiquette.",
            "J'ai renvoyé l'article {item} il y a deux semaines mais je n'ai toujours pas "
            "reçu le remboursement de {amount}. Pouvez-vous me dire quand il sera effectué ?",
            "Je voudrais retourner une partie de la commande {order}. Comment ça marche, et "
            "le retour est-il gratuit ?",
        ),
        short=(
            "comment je fais pour retourner l'article {item} ? commande {order}",
            "J'ai renvoyé mon colis la semaine dernière, quand est-ce que je suis remboursé{e} ?",
            "je voudrais renvoyer l'article {item}, le retour est gratuit ?",
            "Toujours pas de remboursement pour la commande {order} 🙄",
        ),
        spoken=(
            "bonjour je voudrais retourner un article de la commande {order} et je ne trouve "
            "pas le formulaire sur le site",
            "bonjour c'est {name} j'ai renvoyé un retour il y a un moment et je n'ai "
            "toujours pas été remboursé{e}",
        ),
        details=(
            "C'est l'article {item}, commande {order}. Jamais porté, avec l'étiquette.",
            "J'ai déposé le colis mardi dernier, j'ai encore le reçu du bureau de poste.",
        ),
        restate=(
            "Vous souhaitez retourner l'article {item} de la commande {order} et être "
            "remboursé{e} de {amount}.",
            "Je comprends que vous avez renvoyé votre colis il y a un moment et que le "
            "remboursement de {amount} ne vous est pas encore parvenu.",
        ),
        ask=(
            "Préférez-vous un remboursement ou un échange contre une autre taille ?",
            "Avez-vous le numéro de suivi de votre colis retour ou le reçu de dépôt ?",
        ),
        fix=(
            "Je vous ai envoyé par e-mail une étiquette de retour prépayée. Vous pouvez "
            "déposer le colis dans n'importe quel point {carrier} d'ici le {deadline} : le "
            "remboursement part dès sa réception.",
            "J'ai demandé à l'entrepôt de contrôler votre retour en priorité ; je vous "
            "confirme le remboursement d'ici le {deadline}.",
        ),
        solve=(
            "Votre retour a été contrôlé et j'ai effectué le remboursement de {amount} sur "
            "votre moyen de paiement d'origine. Il apparaît en général sur votre relevé sous "
            "5 à 7 jours ouvrés.",
            "Le remboursement de {amount} pour la commande {order} est parti aujourd'hui. "
            "Selon votre banque, il peut falloir quelques jours pour le voir.",
        ),
    ),
    "size_fit": ReasonText(
        topic="Tailles et coupe",
        subjects=(
            "Mauvaise taille, échange possible ?",
            "Échange de taille - commande {order}",
            "Taille trop petite : {item}",
            "Conseil taille",
        ),
        opening=(
            "L'article {item} de la commande {order} est trop petit, alors que je prends "
            "habituellement {the_size}. Puis-je l'échanger contre {the_other_size} ?",
            "J'adore l'article {item} mais il taille vraiment petit. Est-il possible de "
            "l'échanger contre {the_other_size}, et le retour est-il à ma charge ?",
            "Avant de renvoyer l'article {item} : est-ce qu'il taille normalement en "
            "{other_size} ? En {size}, il est vraiment trop serré.",
        ),
        short=(
            "l'article {item} est trop petit, je peux l'échanger contre {the_other_size} ?",
            "C'est trop serré 😅 on peut faire un échange contre {the_other_size} ?",
            "l'article {item} taille petit ? je pensais prendre {the_other_size}",
        ),
        spoken=(
            "bonjour j'ai commandé {item_a} en {size} mais c'est trop petit je voudrais "
            "{the_other_size}",
        ),
        details=(
            "Oui, je voudrais {the_other_size}, même couleur s'il vous plaît.",
            "L'échange, merci : en {other_size} ce serait parfait. C'est la commande {order}.",
        ),
        restate=(
            "L'article {item} de la commande {order} est trop petit en {size} et vous "
            "souhaitez l'échanger contre {the_other_size}.",
            "Je comprends que l'article {item} ne taille pas comme prévu et que vous "
            "aimeriez une autre taille.",
        ),
        ask=(
            "Souhaitez-vous {the_other_size} dans la même couleur, ou préférez-vous un "
            "remboursement ?",
            "Le problème vient-il plutôt de la longueur ou de la largeur ? Je pourrai ainsi "
            "vous conseiller la bonne taille.",
        ),
        fix=(
            "Je vous ai réservé l'article en {other_size} et envoyé une étiquette de retour "
            "gratuite. "
            "Dès que le colis est scanné, nous expédions la nouvelle taille, au plus tard le "
            "{deadline}.",
        ),
        solve=(
            "Votre échange est confirmé : l'article {item} en {other_size} est en route avec "
            "{carrier}, vous pouvez le suivre ici : {url}",
            "J'ai organisé l'échange contre {the_other_size} sans frais. D'autres clients "
            "trouvent aussi que ce modèle taille petit, il devrait donc vous aller "
            "parfaitement.",
        ),
    ),
    "payment_failed": ReasonText(
        topic="Problème de paiement",
        subjects=(
            "Paiement refusé mais montant débité",
            "Carte refusée sur la commande {order}",
            "Débité pour une commande annulée ?",
            "Problème de paiement",
        ),
        opening=(
            "J'ai essayé de payer la commande {order}, le site m'a indiqué que le paiement "
            "avait échoué, mais {total} ont été prélevés sur mon compte. Que s'est-il passé ?",
            "Ma carte a été refusée deux fois au moment du paiement, alors qu'elle fonctionne "
            "partout ailleurs. Maintenant la commande {order} apparaît comme annulée. "
            "Pouvez-vous m'aider ?",
            "Vous m'avez débité {total} pour la commande {order}, puis j'ai reçu un e-mail "
            "disant qu'elle était annulée. Vais-je être remboursé{e} ?",
        ),
        short=(
            "paiement refusé mais l'argent a quand même été débité ??",
            "Carte refusée mais ma banque affiche {total}",
            "ma commande {order} est annulée alors que j'ai payé, help",
        ),
        spoken=(
            "bonjour mon paiement n'est pas passé mais l'argent a été débité commande {order} "
            "je voudrais comprendre",
        ),
        details=(
            "C'est une carte Visa, le montant est de {total} et il apparaît en attente sur "
            "l'appli de ma banque.",
            "J'ai payé avec PayPal, la transaction apparaît comme terminée.",
        ),
        restate=(
            "Je vois que le paiement de la commande {order} a échoué et que la commande a "
            "été annulée, mais {total} apparaissent toujours sur votre compte.",
            "Je comprends que votre carte a été refusée alors que votre banque a bloqué "
            "le montant.",
        ),
        ask=(
            "Pouvez-vous me dire si le montant apparaît « en attente » ou comme une "
            "opération débitée sur votre relevé ?",
            "Quel moyen de paiement avez-vous utilisé : carte, PayPal ou Klarna ?",
        ),
        fix=(
            "J'ai demandé à notre service paiements de vérifier auprès du prestataire que "
            "l'autorisation a bien été annulée. Je reviens vers vous d'ici le {deadline}.",
        ),
        solve=(
            "Les {total} que vous voyez ne sont qu'une pré-autorisation : votre banque la "
            "libère automatiquement sous 3 à 5 jours ouvrés, rien n'a donc été débité.",
            "Notre prestataire de paiement confirme que l'autorisation a été annulée : les "
            "{total} seront de nouveau disponibles sur votre compte. Vous pouvez repasser "
            "commande quand vous le souhaitez, les articles sont toujours en stock.",
        ),
    ),
    "promo_code": ReasonText(
        topic="Codes promo",
        subjects=(
            "Le code promo {code} ne fonctionne pas",
            "Oubli du code promo sur {order}",
            "Code de réduction non appliqué",
        ),
        opening=(
            "J'ai essayé d'utiliser le code {code} sur la commande {order} mais il est "
            "indiqué comme non valide. Je l'ai reçu dans votre newsletter la semaine "
            "dernière. Pouvez-vous appliquer la réduction ?",
            "J'ai oublié de saisir mon code {code} en passant la commande {order}. Est-il "
            "possible de l'appliquer quand même ?",
            "Le code {code} est accepté au moment du paiement mais le total ne change pas. "
            "Est-ce que je fais quelque chose de travers ?",
        ),
        short=(
            "le code {code} ne marche pas 😩",
            "J'ai oublié d'utiliser {code} sur ma commande {order}, c'est encore possible ?",
            "{code} marche aussi sur les soldes ?",
        ),
        spoken=(
            "bonjour j'avais un code promo {code} et il n'a pas été appliqué sur ma commande "
            "{order}",
        ),
        details=(
            "Le code est {code}, il était dans l'e-mail de bienvenue.",
            "C'est la commande {order}, j'ai payé le plein tarif, {total}.",
        ),
        restate=(
            "Vous aviez le code {code}, mais il n'a pas été appliqué à la commande {order}.",
            "Je comprends que le code promo {code} n'a pas fonctionné au paiement.",
        ),
        ask=(
            "Pouvez-vous me transférer l'e-mail contenant le code ? Je vérifierai les "
            "conditions de l'offre.",
        ),
        fix=(
            "J'ai demandé à l'équipe marketing de vérifier pourquoi {code} a été refusé. Je "
            "vous réponds d'ici le {deadline}.",
        ),
        solve=(
            "Je vous ai remboursé la réduction de {discount} sur votre moyen de paiement "
            "d'origine ; vous la verrez sous quelques jours ouvrés.",
            "Le code n'était pas cumulable avec les prix soldés, c'est pourquoi il était "
            "refusé. À titre commercial, je vous ai tout de même remboursé {discount}.",
        ),
    ),
    "damaged_item": ReasonText(
        topic="Article endommagé ou défectueux",
        subjects=(
            "Article reçu endommagé - commande {order}",
            "Article défectueux : {item}",
            "Fermeture éclair cassée à la réception",
            "Colis arrivé abîmé",
        ),
        opening=(
            "L'article {item} de la commande {order} est arrivé aujourd'hui avec une couture "
            "ouverte sur le côté. Je vous joins des photos. Je souhaiterais un échange, merci.",
            "Le carton est arrivé écrasé et l'article {item} à l'intérieur est abîmé. "
            "Que dois-je faire ?",
            "J'ai ouvert mon colis ({order}) et il y a une tache sur l'article {item}, on "
            "dirait qu'elle y était déjà. Je suis très déçu{e}.",
        ),
        short=(
            "article {item} reçu abîmé, je vous envoie les photos",
            "Fermeture cassée dès la réception 😡 commande {order}",
            "j'ai reçu ma commande mais il y a un trou... je fais quoi ?",
        ),
        spoken=(
            "bonjour j'ai reçu la commande {order} aujourd'hui et l'article {item} est abîmé "
            "je voudrais un échange",
        ),
        details=(
            "Voici les photos : la couture est ouverte sur environ 5 cm sous le bras.",
            "Photos en pièce jointe. Le carton était déjà écrasé quand le livreur me l'a remis.",
        ),
        restate=(
            "Je regrette que l'article {item} de la commande {order} soit arrivé endommagé.",
            "Je comprends que l'article {item} vous est parvenu dans un état dans lequel il "
            "n'aurait jamais dû quitter notre entrepôt.",
        ),
        ask=(
            "Pouvez-vous m'envoyer deux ou trois photos du défaut et du carton ? Je pourrai "
            "ainsi organiser le remplacement tout de suite.",
        ),
        fix=(
            "J'ai signalé le défaut au contrôle qualité et demandé à l'entrepôt de vous "
            "réserver un article neuf. Je vous confirme l'expédition d'ici le {deadline}.",
        ),
        solve=(
            "Je vous ai envoyé gratuitement un nouvel article {item}, qui arrivera d'ici le "
            "{deadline}. Inutile de nous renvoyer l'article abîmé.",
            "Un nouvel article {item} est en route en livraison express, suivi ici : {url}. "
            "Vous pouvez garder ou recycler l'article endommagé.",
        ),
    ),
    "warranty": ReasonText(
        topic="Garantie et réparations",
        subjects=(
            "Demande de garantie - {item}",
            "Semelle qui se décolle au bout de quelques semaines",
            "Couture décousue, est-ce sous garantie ?",
        ),
        opening=(
            "J'ai acheté {item_a} le {placed} (commande {order}) et la semelle se décolle "
            "déjà. Je les ai portées une dizaine de fois. Est-ce couvert par la garantie ?",
            "Les coutures de l'article {item} se sont défaites après quelques semaines "
            "d'utilisation normale. Peut-il être réparé ou remplacé sous garantie ?",
        ),
        short=(
            "mon article {item} est déjà abîmé au bout d'un mois, c'est sous garantie ?",
            "La semelle de l'article {item} se décolle, acheté le {placed} 😞",
        ),
        spoken=(
            "bonjour j'ai acheté {item_a} il y a deux mois et la semelle se décolle déjà je "
            "voudrais "
            "savoir pour la garantie",
        ),
        details=(
            "Photos en pièce jointe. C'était la commande {order}, j'ai encore l'e-mail de "
            "confirmation.",
            "C'est la chaussure gauche, la semelle s'est décollée au niveau de la pointe.",
        ),
        restate=(
            "L'article {item} acheté le {placed} présente un défaut après seulement quelques "
            "semaines.",
            "Je comprends que l'article {item} de la commande {order} s'est abîmé, et ce "
            "n'est pas la qualité que vous attendez de nous.",
        ),
        ask=(
            "Pouvez-vous m'envoyer une photo du défaut ? J'ouvrirai aussitôt le dossier de "
            "garantie.",
        ),
        fix=(
            "J'ai ouvert un dossier de garantie et réservé un enlèvement gratuit avec "
            "{carrier}. Le contrôle qualité examinera l'article et je vous tiens au courant "
            "d'ici le {deadline}.",
        ),
        solve=(
            "Votre garantie est acceptée : plutôt qu'une réparation, nous vous envoyons un "
            "article {item} neuf. Il arrivera d'ici le {deadline}.",
            "La garantie est acceptée et la réparation est gratuite. Votre article {item} "
            "vous sera retourné d'ici le {deadline}.",
        ),
    ),
    "store_locator": ReasonText(
        topic="Nos boutiques",
        subjects=(
            "Y a-t-il une boutique près de {city} ?",
            "Horaires de la boutique",
            "Essayer en boutique ?",
        ),
        opening=(
            "Avez-vous une boutique près de {city} ? J'aimerais essayer plusieurs tailles "
            "avant de commander.",
            "Pouvez-vous m'indiquer les horaires de votre boutique la plus proche de {city}, "
            "et si je peux y retourner une commande passée en ligne ?",
        ),
        short=(
            "vous avez une boutique à {city} ?",
            "Quelle est la boutique la plus proche de {city} ? 🙂",
            "on peut retourner une commande en ligne en boutique ?",
        ),
        spoken=(
            "bonjour j'habite à {city} et je voudrais savoir où est votre boutique la plus proche",
        ),
        details=("J'habite à {city}, idéalement accessible en train.",),
        restate=("Vous cherchez une boutique près de {city} pour essayer quelques articles.",),
        ask=(
            "Quels articles aimeriez-vous essayer ? Je peux vérifier le stock avant que "
            "vous vous déplaciez.",
        ),
        fix=(
            "J'ai demandé à la boutique de vérifier le stock dans votre taille et je vous "
            "confirme cela d'ici le {deadline}.",
        ),
        solve=(
            "Notre boutique la plus proche se trouve {store}, ouverte du lundi au samedi de "
            "10 h à 20 h. Vous pouvez aussi y retourner vos commandes en ligne.",
            "Vous nous trouverez {store}. Si vous le souhaitez, je demande à l'équipe de "
            "vous mettre votre taille de côté pendant 48 heures.",
        ),
    ),
    "account_privacy": ReasonText(
        topic="Compte et données personnelles",
        subjects=(
            "Impossible de me connecter à mon compte",
            "Suppression de mon compte et de mes données",
            "Désinscription de la newsletter",
            "Je ne reçois pas l'e-mail de réinitialisation",
        ),
        opening=(
            "Je n'arrive pas à me connecter à mon compte avec {email}. J'ai essayé de "
            "réinitialiser mon mot de passe mais l'e-mail n'arrive jamais.",
            "Conformément au RGPD, je vous demande de supprimer mon compte et toutes les "
            "données personnelles liées à {email}.",
            "Je continue de recevoir vos e-mails promotionnels alors que je me suis "
            "désinscrit{e}. Merci de retirer {email} de toutes vos listes.",
        ),
        short=(
            "impossible de me connecter, l'e-mail de réinitialisation n'arrive pas",
            "Pouvez-vous supprimer mon compte ? Merci",
            "arrêtez de m'envoyer des e-mails svp 🙏",
        ),
        spoken=(
            "bonjour je n'arrive plus à accéder à mon compte et la réinitialisation du mot "
            "de passe ne marche pas",
        ),
        details=(
            "L'adresse du compte est {email}.",
            "J'ai aussi regardé dans les spams, rien.",
        ),
        restate=(
            "Vous ne parvenez pas à accéder au compte {email} car l'e-mail de "
            "réinitialisation n'arrive pas.",
            "Vous souhaitez que nous supprimions votre compte et les données personnelles "
            "liées à {email}.",
        ),
        ask=(
            "Pour protéger votre compte, pouvez-vous me confirmer votre code postal et le "
            "numéro de votre dernière commande ?",
        ),
        fix=(
            "J'ai transmis votre demande à notre équipe en charge des données personnelles. "
            "Elle sera traitée d'ici le {deadline} et vous recevrez un e-mail de confirmation.",
        ),
        solve=(
            "Je vous ai envoyé un nouveau lien de réinitialisation à {email}, valable 24 "
            "heures. Si vous ne le voyez pas, pensez à vérifier vos spams.",
            "Votre compte et vos données personnelles ont été supprimés, et {email} a été "
            "retirée de toutes nos listes de diffusion.",
        ),
    ),
}

TEXT = LanguageText(
    code="fr",
    reasons=_REASONS,
    greetings=("Bonjour,", "Bonjour Madame, Monsieur,", "Bonsoir,", "Bonjour à toute l'équipe,"),
    signoffs=(
        "Cordialement,\n{name}",
        "Merci d'avance,\n{first}",
        "Bien à vous,\n{name}",
        "Merci,\n{first}",
        "Bonne journée,\n{first}",
    ),
    hellos=("", "", "", "Bonjour ! ", "Salut. ", "Bonsoir ! "),
    already=(
        "Je vous ai déjà contactés {prev_channel} le {prev_date}, mais rien n'a bougé depuis.",
        "C'est mon deuxième message : je vous avais déjà écrit {prev_channel} le {prev_date}.",
    ),
    also=("Par ailleurs, ", "Autre chose : ", "Et tant que j'y suis : "),
    nudges=(
        "Bonjour, avez-vous du nouveau ? Je n'ai toujours pas de réponse.",
        "Bonjour, je me permets de relancer mon message ci-dessous. Merci.",
        "Quelqu'un peut-il me répondre s'il vous plaît ? Cela fait un moment.",
    ),
    nudges_short=("allô ??", "des nouvelles ?", "Il y a quelqu'un ?", "j'attends toujours..."),
    thanks=(
        "Merci beaucoup, c'est parfait. Bonne journée !",
        "Super, merci d'avoir réglé ça aussi vite.",
        "Tout est rentré dans l'ordre, merci pour votre aide.",
        "Reçu aujourd'hui, merci ! Service vraiment au top.",
    ),
    thanks_short=(
        "merci !! 👍",
        "parfait merci",
        "super merci beaucoup 😊",
        "bien reçu, merci !",
        "ok merci",
    ),
    angry=(
        "Sérieusement ? C'est la deuxième fois que j'écris pour la commande {order} et "
        "toujours AUCUNE réponse !!",
        "Ça fait des jours que j'attends. Ce n'est vraiment pas normal !!",
        "Personne ne m'a encore rien dit. Je commence vraiment à m'énerver !!",
    ),
    furious=(
        "C'EST INADMISSIBLE !!! JE VEUX ÊTRE REMBOURSÉ{E} TOUT DE SUITE OU JE FAIS "
        "OPPOSITION AUPRÈS DE MA BANQUE !!!",
        "J'EN AI MARRE !!! Je vais laisser un avis sur Trustpilot et contacter mon avocat. "
        "PLUS JAMAIS !!!",
        "SERVICE LAMENTABLE !!! TROIS E-MAILS ET RIEN !!! PLUS JAMAIS JE NE COMMANDE CHEZ VOUS !!!",
    ),
    calmer=(
        "D'accord, merci de m'avoir enfin expliqué. J'attends donc jusqu'au {deadline}.",
        "Bon, j'apprécie vos excuses. Tenez-moi au courant s'il vous plaît.",
        "Merci, c'est ce que j'avais besoin d'entendre. Désolé{e} pour mon ton tout à "
        "l'heure, la semaine a été longue.",
    ),
    form_labels=("Nom", "Numéro de commande", "Sujet", "Message"),
    typos=(
        ("s'il vous plaît", "svp"),
        ("c'est", "c"),
        ("pourquoi", "pk"),
        ("quand", "qd"),
        ("toujours", "tjrs"),
        ("beaucoup", "bcp"),
        ("aujourd'hui", "ajd"),
    ),
    agent_greetings=("Bonjour {first},", "Chère cliente, cher client,", "Bonjour {name},"),
    agent_hellos=("Bonjour {first} !", "Bonsoir {first} !", "Bonjour {first}, ici {agent}."),
    agent_signoffs=(
        "Belle journée,\n{agent}\nService client Verdemare",
        "Cordialement,\n{agent} | Service client Verdemare",
        "À bientôt,\n{agent}\nL'équipe Verdemare",
    ),
    empathy=(
        "Merci de nous avoir contactés, et toutes nos excuses pour ce désagrément.",
        "Toutes mes excuses pour cette situation, j'imagine à quel point c'est pénible.",
        "Merci de nous l'avoir signalé, et veuillez nous excuser pour la gêne occasionnée.",
    ),
    soothe=(
        "Je vous présente mes sincères excuses. Votre colère est légitime : vous auriez dû "
        "recevoir une réponse claire il y a plusieurs jours, et c'est de notre faute. Je "
        "m'occupe désormais personnellement de votre dossier.",
        "Je comprends parfaitement votre frustration et je m'excuse pour ce délai. "
        "Laissez-moi arranger les choses dès aujourd'hui.",
        "Vous avez toutes les raisons d'être en colère, et je regrette sincèrement de vous "
        "avoir déçu{e}. Voici exactement ce que j'ai fait et quand vous aurez de mes nouvelles.",
    ),
    thanks_info=(
        "Merci pour ces précisions, elles m'aident beaucoup.",
        "Merci pour votre patience pendant que je vérifiais.",
        "Merci pour votre réponse rapide.",
    ),
    agent_thanks=(
        "Merci pour votre patience et pour votre confiance.",
        "Merci encore de nous l'avoir signalé et de nous avoir permis d'y remédier.",
        "Merci pour votre compréhension.",
    ),
    confirm=(
        "Cela règle-t-il le problème ? Si quelque chose ne va toujours pas, répondez "
        "simplement à cet e-mail.",
        "Pouvez-vous me dire si cette solution vous convient ?",
        "Tout est clair, ou puis-je faire autre chose pour vous ?",
    ),
    confirm_short=("Ça vous convient ?", "Tout est bon ?", "Puis-je vous aider pour autre chose ?"),
    after_call=(
        "Comme convenu au téléphone, voici un récapitulatif de ce que nous avons décidé.",
        "Merci pour votre appel de tout à l'heure. Comme convenu :",
    ),
    closing=(
        "Ravis de l'apprendre ! Belle journée.",
        "Avec plaisir, profitez bien de votre commande !",
        "Ce fut un plaisir de vous aider. À bientôt !",
    ),
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    date_format="{weekday} {day} {month}",
    channel_names={
        "email": "par e-mail",
        "chat": "sur le chat",
        "phone": "par téléphone",
        "web_form": "via le formulaire de contact",
        "facebook": "sur Facebook",
        "twitter": "sur Twitter",
        "instagram": "sur Instagram",
        "whatsapp": "sur WhatsApp",
        "sms": "par SMS",
    },
    size_words=("taille", "pointure"),
    size_phrases=("la taille {size}", "la pointure {size}"),
)
