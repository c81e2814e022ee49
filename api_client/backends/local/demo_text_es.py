"""Spanish phrases of the demo desk: customers in Spain and Mexico, agents who say "tú"."""

from __future__ import annotations

from api_client.backends.local.demo_text import LanguageText, ReasonText

__all__ = ["TEXT"]

_REASONS = {
    "where_is_my_order": ReasonText(
        topic="¿Dónde está mi pedido?",
        subjects=(
            "Pedido {order} sin recibir",
            "¿Dónde está mi paquete?",
            "El seguimiento de {carrier} no se actualiza",
            "Retraso en la entrega del pedido {order}",
            "No me ha llegado el pedido {order}",
        ),
        opening=(
            "Hice un pedido el {placed} (pedido {order}), {item_a}, y todavía no me ha "
            "llegado nada. El seguimiento de {carrier} ({tracking}) lleva días sin moverse. "
            "¿Me pueden decir dónde está mi paquete?",
            "La entrega de mi pedido {order} estaba prevista para el {eta}, pero no hay ni "
            "rastro del paquete. En la página de seguimiento ({url}) sigue en tránsito. Es "
            "un regalo, así que les agradecería mucho una respuesta.",
            "¿Podrían revisar qué pasa con el pedido {order}? {carrier} dice que el paquete "
            "está en la delegación, pero nadie ha intentado entregarlo. Número de "
            "seguimiento: {tracking}.",
        ),
        short=(
            "mi pedido {order} todavía no ha llegado, el seguimiento está parado desde el lunes",
            "Tenía que llegar el {eta} y nada. ¿Saben algo?",
            "pedido {order} en tránsito desde hace una semana...",
            "Pone que está en reparto pero no vino nadie, pedido {order}",
        ),
        spoken=(
            "hola buenos días soy {name} llamo por el pedido {order} tenía que llegar el "
            "{eta} y todavía no ha llegado me pueden llamar gracias",
            "sí hola pedí {item_a} y el seguimiento de {carrier} no se mueve desde hace una "
            "semana el número de pedido es {order}",
        ),
        details=(
            "La dirección es correcta y ayer estuve en casa todo el día. El seguimiento es "
            "{tracking}.",
            "Es el pedido {order}, con entrega en la oficina. No dejaron ningún aviso.",
        ),
        restate=(
            "Entiendo que tu pedido {order} todavía no ha llegado, aunque {carrier} tenía "
            "prevista la entrega para el {eta}.",
            "Veo que el seguimiento del pedido {order} ({tracking}) no se actualiza desde "
            "hace unos días, y me imagino lo frustrante que es esperar sin noticias.",
        ),
        ask=(
            "¿Puedes confirmarme la dirección de entrega y si has recibido algún aviso o "
            "mensaje de {carrier}?",
            "¿Podrías preguntar a tus vecinos o en conserjería si alguien recogió el paquete "
            "por ti?",
        ),
        fix=(
            "He abierto una reclamación con {carrier} para el envío {tracking}. Suelen "
            "responder en 48 horas: te escribo como muy tarde el {deadline}.",
            "He pedido a {carrier} que dé prioridad a tu paquete y nos confirme una franja "
            "de entrega. Tendrás noticias mías antes del {deadline}, sea cual sea su respuesta.",
        ),
        solve=(
            "Buenas noticias: {carrier} ha localizado tu paquete en la delegación y te lo "
            "entregará el {delivery}. Puedes seguirlo aquí: {url}",
            "El paquete estaba retenido en la delegación por una dirección incompleta. La he "
            "corregido con {carrier} y ya está en reparto, con entrega prevista el {delivery}.",
            "Por el retraso, te he devuelto los gastos de envío, y {carrier} nos ha "
            "confirmado una nueva fecha de entrega: el {delivery}.",
        ),
    ),
    "return_refund": ReasonText(
        topic="Devoluciones y reembolsos",
        subjects=(
            "Solicitud de devolución del pedido {order}",
            "Reembolso aún no recibido",
            "¿Cómo hago una devolución?",
            "Devolución {order}: ¿cuándo me devuelven el dinero?",
        ),
        opening=(
            "Quiero devolver el artículo {item} del pedido {order}, no es lo que esperaba. "
            "¿Me pueden enviar la etiqueta de devolución? Está sin usar y con la etiqueta puesta.",
            "Envié de vuelta el artículo {item} hace dos semanas y todavía no he recibido el "
            "reembolso de {amount}. ¿Me pueden decir cuándo lo harán?",
            "Quiero devolver parte del pedido {order}. ¿Cómo funciona? ¿La devolución es gratis?",
        ),
        short=(
            "cómo devuelvo el artículo {item}? pedido {order}",
            "Mandé la devolución la semana pasada, ¿cuándo me llega el reembolso?",
            "quiero devolver el artículo {item}, la devolución es gratis?",
            "Sigo esperando el reembolso del pedido {order} 🙄",
        ),
        spoken=(
            "hola quería devolver un artículo del pedido {order} y no encuentro el "
            "formulario en la web",
            "hola soy {name} mandé una devolución hace tiempo y todavía no me han devuelto "
            "el dinero",
        ),
        details=(
            "Es el artículo {item}, pedido {order}. Sin estrenar, con la etiqueta.",
            "Dejé el paquete en correos el martes pasado, aún tengo el resguardo.",
        ),
        restate=(
            "Quieres devolver el artículo {item} del pedido {order} y recibir el reembolso "
            "de {amount}.",
            "Entiendo que enviaste la devolución hace tiempo y que el reembolso de {amount} "
            "todavía no te ha llegado.",
        ),
        ask=(
            "¿Prefieres el reembolso o cambiarlo por otra talla?",
            "¿Tienes el número de seguimiento de la devolución o el resguardo del envío?",
        ),
        fix=(
            "Te he enviado por email una etiqueta de devolución prepagada. Puedes dejar el "
            "paquete en cualquier punto {carrier} antes del {deadline}: el reembolso se "
            "tramita en cuanto nos llega.",
            "He pedido al almacén que revise tu devolución con prioridad; te confirmo el "
            "reembolso antes del {deadline}.",
        ),
        solve=(
            "Hemos revisado tu devolución y te he hecho el reembolso de {amount} en el mismo "
            "método de pago. Normalmente aparece en tu cuenta en 5 a 7 días hábiles.",
            "El reembolso de {amount} del pedido {order} se ha emitido hoy. Según tu banco, "
            "puede tardar unos días en aparecer.",
        ),
    ),
    "size_fit": ReasonText(
        topic="Tallas y ajuste",
        subjects=(
            "Talla equivocada, ¿puedo cambiarla?",
            "Cambio de talla, pedido {order}",
            "Me queda pequeño: {item}",
            "Duda sobre tallas",
        ),
        opening=(
            "El artículo {item} del pedido {order} me queda pequeño, aunque normalmente uso "
            "{the_size}. ¿Puedo cambiarlo por {the_other_size}?",
            "Me encanta el artículo {item}, pero talla muy pequeño. ¿Es posible cambiarlo "
            "por {the_other_size}? ¿Tengo que pagar yo la devolución?",
            "Antes de devolver el artículo {item}: ¿{the_other_size} es de talla normal? "
            "Con {the_size} me queda demasiado justo.",
        ),
        short=(
            "el artículo {item} me queda pequeño, lo puedo cambiar por {the_other_size}?",
            "Me queda muy justo 😅 ¿se puede cambiar por {the_other_size}?",
            "el artículo {item} talla pequeño? estaba pensando en pedir {the_other_size}",
        ),
        spoken=("hola pedí {item_a} pero me queda pequeño quería cambiarlo por {the_other_size}",),
        details=(
            "Sí, quiero {the_other_size}, del mismo color por favor.",
            "El cambio, gracias: {the_other_size} sería perfecto. El pedido es {order}.",
        ),
        restate=(
            "El artículo {item} del pedido {order} te queda pequeño y quieres cambiarlo por "
            "{the_other_size}.",
            "Entiendo que el artículo {item} no te queda como esperabas y te gustaría otra talla.",
        ),
        ask=(
            "¿Quieres {the_other_size} en el mismo color, o prefieres el reembolso?",
            "¿El problema es el largo o el ancho? Así te puedo recomendar la talla adecuada.",
        ),
        fix=(
            "Te he reservado {the_other_size} y te he enviado una etiqueta de devolución "
            "gratuita. En cuanto se escanee el paquete, enviamos el cambio, como muy tarde "
            "el {deadline}.",
        ),
        solve=(
            "Tu cambio está confirmado: el artículo en {the_other_size} ya va de camino con "
            "{carrier}, puedes seguirlo aquí: {url}",
            "He tramitado el cambio por {the_other_size} sin coste. Otros clientes también "
            "dicen que este modelo talla pequeño, así que te debería quedar perfecto.",
        ),
    ),
    "payment_failed": ReasonText(
        topic="Problemas con el pago",
        subjects=(
            "Pago rechazado pero me han cobrado",
            "Tarjeta rechazada en el pedido {order}",
            "¿Cargo de un pedido cancelado?",
            "Problema al pagar",
        ),
        opening=(
            "Intenté pagar el pedido {order} y la web me dijo que el pago había fallado, "
            "pero me han cobrado {total} en la cuenta. ¿Qué ha pasado?",
            "Mi tarjeta fue rechazada dos veces al pagar, aunque funciona en todas partes. "
            "Ahora veo el pedido {order} como cancelado. ¿Me pueden ayudar?",
            "Me cobraron {total} por el pedido {order}, pero luego me llegó un email diciendo "
            "que el pedido estaba cancelado. ¿Me van a devolver el dinero?",
        ),
        short=(
            "el pago falló pero me cobraron igual??",
            "Tarjeta rechazada pero en el banco me sale {total}",
            "mi pedido {order} sale cancelado pero lo pagué, ayuda",
        ),
        spoken=(
            "hola buenos días el pago no se hizo pero el dinero salió de mi cuenta pedido "
            "{order} quería saber qué pasa",
        ),
        details=(
            "Era una tarjeta Visa, el importe es {total} y en la app del banco aparece como "
            "pendiente.",
            "Pagué con PayPal, la transacción aparece como completada.",
        ),
        restate=(
            "Veo que el pago del pedido {order} falló y el pedido se canceló, pero en tu "
            "cuenta siguen apareciendo {total}.",
            "Entiendo que tu tarjeta fue rechazada al pagar aunque el banco te bloqueó el importe.",
        ),
        ask=(
            "¿Me confirmas si el importe aparece como «pendiente» o como cargo ya realizado "
            "en tu extracto?",
            "¿Con qué método pagaste: tarjeta, PayPal o Klarna?",
        ),
        fix=(
            "He pedido a nuestro equipo de pagos que confirme con la pasarela que la "
            "autorización se ha anulado. Te escribo antes del {deadline}.",
        ),
        solve=(
            "Los {total} que ves son solo una preautorización: tu banco la libera "
            "automáticamente en 3 a 5 días hábiles, así que no se ha cobrado nada.",
            "La pasarela de pago confirma que la autorización se ha anulado: los {total} "
            "volverán a estar disponibles en tu cuenta. Puedes repetir el pedido cuando "
            "quieras, los artículos siguen en stock.",
        ),
    ),
    "promo_code": ReasonText(
        topic="Códigos de descuento",
        subjects=(
            "El código {code} no funciona",
            "Olvidé el código de descuento en {order}",
            "No se aplicó el código promocional",
        ),
        opening=(
            "Intenté usar el código {code} en el pedido {order} pero me dice que no es "
            "válido. Me llegó con su newsletter la semana pasada. ¿Me pueden aplicar el "
            "descuento?",
            "Se me olvidó poner el código {code} al hacer el pedido {order}. ¿Hay alguna "
            "forma de aplicarlo igualmente?",
            "El código {code} se acepta al pagar pero el total no cambia. ¿Estoy haciendo "
            "algo mal?",
        ),
        short=(
            "el código {code} no funciona 😩",
            "Se me olvidó usar {code} en mi pedido {order}, ¿todavía se puede aplicar?",
            "{code} vale también para rebajas?",
        ),
        spoken=("hola tenía un código de descuento {code} y no se aplicó en mi pedido {order}",),
        details=(
            "El código es {code}, venía en el email de bienvenida.",
            "Es el pedido {order}, pagué el precio completo, {total}.",
        ),
        restate=(
            "Tenías el código {code}, pero no se aplicó al pedido {order}.",
            "Entiendo que el código de descuento {code} no funcionó al pagar.",
        ),
        ask=(
            "¿Me puedes reenviar el email con el código? Así reviso las condiciones de la oferta.",
        ),
        fix=(
            "He pedido al equipo de marketing que revise por qué {code} fue rechazado. Te "
            "respondo antes del {deadline}.",
        ),
        solve=(
            "Te he devuelto el descuento de {discount} en el mismo método de pago; lo verás "
            "en unos días hábiles.",
            "El código no era acumulable con los precios rebajados, por eso se rechazaba. Aun "
            "así, como gesto comercial, te he devuelto {discount}.",
        ),
    ),
    "damaged_item": ReasonText(
        topic="Artículo dañado o defectuoso",
        subjects=(
            "Artículo dañado - pedido {order}",
            "Artículo defectuoso: {item}",
            "Cremallera rota al recibirlo",
            "El paquete llegó dañado",
        ),
        opening=(
            "El artículo {item} del pedido {order} llegó hoy con una costura abierta en el "
            "lateral. Les adjunto fotos. Me gustaría que me lo cambiaran, gracias.",
            "La caja llegó aplastada y el artículo {item} que venía dentro está dañado. ¿Qué "
            "tengo que hacer?",
            "Abrí mi paquete ({order}) y el artículo {item} tiene una mancha, parece que ya "
            "venía así. Estoy muy decepcionad{o}.",
        ),
        short=(
            "el artículo {item} llegó dañado, les mando fotos",
            "Cremallera rota nada más llegar 😡 pedido {order}",
            "me llegó el pedido pero tiene un agujero... y ahora qué?",
        ),
        spoken=(
            "hola hoy me llegó el pedido {order} y el artículo {item} está dañado quería que "
            "me lo cambiaran",
        ),
        details=(
            "Aquí van las fotos: la costura está abierta unos 5 cm debajo del brazo.",
            "Fotos adjuntas. La caja ya venía aplastada cuando me la dio el repartidor.",
        ),
        restate=(
            "Siento mucho que el artículo {item} del pedido {order} haya llegado dañado.",
            "Entiendo que el artículo {item} te llegó en un estado en el que nunca debió "
            "salir de nuestro almacén.",
        ),
        ask=(
            "¿Me puedes enviar un par de fotos del daño y de la caja? Así organizo el cambio "
            "enseguida.",
        ),
        fix=(
            "He informado del daño a control de calidad y he pedido al almacén que te "
            "reserve un artículo nuevo. Te confirmo el envío antes del {deadline}.",
        ),
        solve=(
            "Te he enviado sin coste un artículo {item} nuevo, que llegará antes del "
            "{deadline}. No hace falta que nos devuelvas el dañado.",
            "Un artículo {item} nuevo va de camino por envío exprés, seguimiento aquí: {url}. "
            "El dañado puedes quedártelo o reciclarlo.",
        ),
    ),
    "warranty": ReasonText(
        topic="Garantía y reparaciones",
        subjects=(
            "Reclamación de garantía - {item}",
            "Se despega la suela a las pocas semanas",
            "Costuras abiertas, ¿entra en la garantía?",
        ),
        opening=(
            "Compré {item_a} el {placed} (pedido {order}) y la suela ya se está despegando. "
            "Me las habré puesto unas diez veces. ¿Lo cubre la garantía?",
            "Las costuras del artículo {item} se han abierto tras unas semanas de uso normal. "
            "¿Se puede reparar o cambiar por garantía?",
        ),
        short=(
            "el artículo {item} ya está estropeado al mes, entra en garantía?",
            "Se está despegando la suela del artículo {item}, comprado el {placed} 😞",
        ),
        spoken=(
            "hola compré {item_a} hace un par de meses y ya se está despegando la suela "
            "quería preguntar por la garantía",
        ),
        details=(
            "Fotos adjuntas. El pedido era {order}, todavía tengo el email de confirmación.",
            "Es el zapato izquierdo, la suela se ha despegado por la punta.",
        ),
        restate=(
            "El artículo {item} que compraste el {placed} tiene un defecto después de solo "
            "unas semanas.",
            "Entiendo que el artículo {item} del pedido {order} se ha estropeado, y esa no "
            "es la calidad que esperas de nosotros.",
        ),
        ask=(
            "¿Me puedes enviar una foto del defecto? Así abro la reclamación de garantía "
            "ahora mismo.",
        ),
        fix=(
            "He abierto la reclamación de garantía y he programado una recogida gratuita con "
            "{carrier}. Control de calidad revisará el artículo y te cuento algo antes del "
            "{deadline}.",
        ),
        solve=(
            "Tu garantía está aprobada: en lugar de repararlo, te enviamos un artículo "
            "{item} nuevo. Llegará antes del {deadline}.",
            "La garantía está aprobada y la reparación es gratuita. Tendrás tu artículo "
            "{item} de vuelta antes del {deadline}.",
        ),
    ),
    "store_locator": ReasonText(
        topic="Nuestras tiendas",
        subjects=(
            "¿Hay alguna tienda cerca de {city}?",
            "Horario de la tienda",
            "¿Puedo probármelo en tienda?",
        ),
        opening=(
            "¿Tienen alguna tienda cerca de {city}? Me gustaría probarme un par de tallas "
            "antes de hacer el pedido.",
            "¿Me pueden decir el horario de su tienda más cercana a {city}, y si puedo "
            "devolver allí un pedido online?",
        ),
        short=(
            "tienen tienda en {city}?",
            "¿Cuál es la tienda más cercana a {city}? 🙂",
            "se pueden devolver pedidos online en tienda?",
        ),
        spoken=("hola vivo en {city} y quería saber dónde está su tienda más cercana",),
        details=("Estoy en {city}, mejor si se puede llegar en tren.",),
        restate=("Buscas una tienda cerca de {city} para probarte algunas prendas.",),
        ask=("¿Qué artículos te gustaría probarte? Puedo comprobar el stock antes de que vayas.",),
        fix=(
            "He pedido a la tienda que compruebe el stock de tu talla y te lo confirmo antes "
            "del {deadline}.",
        ),
        solve=(
            "Nuestra tienda más cercana está en {store}, abierta de lunes a sábado de 10:00 "
            "a 20:00. Allí también puedes devolver los pedidos online.",
            "Nos encontrarás en {store}. Si quieres, pido al equipo que te guarde tu talla "
            "durante 48 horas.",
        ),
    ),
    "account_privacy": ReasonText(
        topic="Cuenta y privacidad",
        subjects=(
            "No puedo acceder a mi cuenta",
            "Eliminar mi cuenta y mis datos",
            "Darme de baja de la newsletter",
            "No me llega el email para cambiar la contraseña",
        ),
        opening=(
            "No puedo acceder a mi cuenta con {email}. He intentado restablecer la "
            "contraseña pero el email no llega nunca.",
            "De acuerdo con el RGPD, les pido que eliminen mi cuenta y todos los datos "
            "personales asociados a {email}.",
            "Sigo recibiendo emails promocionales aunque me di de baja. Por favor, quiten "
            "{email} de todas sus listas.",
        ),
        short=(
            "no puedo entrar, no me llega el email para restablecer",
            "¿Pueden borrar mi cuenta? Gracias",
            "dejen de mandarme newsletters porfa 🙏",
        ),
        spoken=("hola no puedo entrar en mi cuenta y lo de recuperar la contraseña no funciona",),
        details=(
            "El email de la cuenta es {email}.",
            "También he mirado en la carpeta de spam, nada.",
        ),
        restate=(
            "No puedes acceder a la cuenta {email} porque no te llega el email para "
            "restablecer la contraseña.",
            "Quieres que eliminemos tu cuenta y los datos personales asociados a {email}.",
        ),
        ask=(
            "Para proteger tu cuenta, ¿me confirmas tu código postal y el número de tu "
            "último pedido?",
        ),
        fix=(
            "He pasado tu solicitud a nuestro equipo de privacidad. Estará lista antes del "
            "{deadline} y recibirás un email de confirmación.",
        ),
        solve=(
            "Te he enviado un nuevo enlace para restablecer la contraseña a {email}, válido "
            "24 horas. Si no lo ves, revisa la carpeta de spam.",
            "Tu cuenta y tus datos personales se han eliminado, y {email} se ha quitado de "
            "todas nuestras listas de correo.",
        ),
    ),
}

TEXT = LanguageText(
    code="es",
    reasons=_REASONS,
    greetings=("Hola:", "Buenos días:", "Estimado equipo de Verdemare:", "Hola, buenas tardes:"),
    signoffs=(
        "Gracias,\n{first}",
        "Un saludo,\n{name}",
        "Muchas gracias,\n{name}",
        "Saludos,\n{first}",
        "Gracias de antemano,\n{first}",
    ),
    hellos=("", "", "", "¡Hola! ", "Buenas. ", "¡Buenos días! "),
    already=(
        "Ya les escribí {prev_channel} el {prev_date}, pero desde entonces no ha pasado nada.",
        "Es mi segundo mensaje: ya contacté con ustedes {prev_channel} el {prev_date}.",
    ),
    also=("Además, ", "Otra cosa: ", "Y ya que estoy: "),
    nudges=(
        "Hola, ¿hay alguna novedad? Todavía no he recibido respuesta.",
        "Buenas, vuelvo a escribir por el mensaje de abajo. Gracias.",
        "¿Alguien me puede responder, por favor? Ya ha pasado bastante tiempo.",
    ),
    nudges_short=("hola??", "alguna novedad?", "¿Hay alguien?", "sigo esperando..."),
    thanks=(
        "Muchísimas gracias, perfecto así. ¡Que tengan un buen día!",
        "Genial, gracias por solucionarlo tan rápido.",
        "Ya está todo bien, gracias por la ayuda.",
        "Me ha llegado hoy, ¡gracias! Un servicio estupendo.",
    ),
    thanks_short=(
        "gracias!! 👍",
        "perfecto, gracias",
        "genial, muchas gracias 😊",
        "recibido, ¡gracias!",
        "ok gracias",
    ),
    angry=(
        "¿En serio? Es la segunda vez que escribo por el pedido {order} y sigo SIN respuesta!!",
        "Llevo días esperando. ¡¡Esto no puede ser!!",
        "Nadie me ha dicho nada todavía. ¡¡Me estoy empezando a enfadar de verdad!!",
    ),
    furious=(
        "¡¡¡ES INACEPTABLE!!! ¡¡¡QUIERO MI DINERO YA O PIDO AL BANCO QUE ANULE EL CARGO!!!",
        "¡¡¡ESTOY HART{O}!!! Voy a dejar una reseña en Trustpilot y hablaré con mi "
        "abogado. ¡¡¡NUNCA MÁS!!!",
        "¡¡¡SERVICIO PÉSIMO!!! ¡¡¡TRES EMAILS Y NADA!!! ¡¡¡NUNCA MÁS VUELVO A COMPRAR AQUÍ!!!",
    ),
    calmer=(
        "Vale, gracias por explicármelo por fin. Espero entonces hasta el {deadline}.",
        "Está bien, acepto las disculpas. Manténganme informad{o}, por favor.",
        "Gracias, eso es lo que necesitaba oír. Perdón por el tono de antes, ha sido una "
        "semana muy larga.",
    ),
    form_labels=("Nombre", "Número de pedido", "Asunto", "Mensaje"),
    typos=(
        ("por favor", "porfa"),
        ("porque", "xq"),
        ("que ", "q "),
        ("también", "tambien"),
        ("está", "esta"),
        ("para ", "pa "),
    ),
    agent_greetings=("Hola, {first}:", "Buenos días, {first}:", "Hola {first},"),
    agent_hellos=("¡Hola, {first}!", "¡Buenas, {first}!", "¡Hola, {first}! Soy {agent}."),
    agent_signoffs=(
        "Un saludo,\n{agent}\nAtención al cliente de Verdemare",
        "Saludos cordiales,\n{agent} | Atención al cliente Verdemare",
        "Hasta pronto,\n{agent}\nEl equipo de Verdemare",
    ),
    empathy=(
        "Gracias por escribirnos, y perdona las molestias.",
        "Lo siento mucho, me imagino lo fastidioso que es.",
        "Gracias por avisarnos, y disculpa las molestias.",
    ),
    soothe=(
        "Te pido sinceras disculpas. Tienes toda la razón en estar molest{o}: deberías "
        "haber tenido una respuesta clara hace días, y es culpa nuestra. A partir de ahora "
        "me encargo personalmente de tu caso.",
        "Entiendo perfectamente tu frustración y siento mucho lo que ha tardado esto. "
        "Déjame solucionarlo hoy mismo.",
        "Tienes todos los motivos para estar enfadad{o}, y siento mucho haberte "
        "decepcionado. Esto es exactamente lo que he hecho y cuándo sabrás de mí.",
    ),
    thanks_info=(
        "Gracias por los detalles, me ayudan mucho.",
        "Gracias por tu paciencia mientras lo revisaba.",
        "Gracias por responder tan rápido.",
    ),
    agent_thanks=(
        "Gracias por tu paciencia y por confiar en nosotros.",
        "Gracias de nuevo por avisarnos y darnos la oportunidad de solucionarlo.",
        "Gracias por tu comprensión.",
    ),
    confirm=(
        "¿Con esto queda resuelto? Si algo sigue sin ir bien, responde a este email.",
        "¿Me dices si esta solución te parece bien?",
        "¿Está todo claro, o puedo ayudarte con algo más?",
    ),
    confirm_short=("¿Te parece bien así?", "¿Todo bien?", "¿Te ayudo con algo más?"),
    after_call=(
        "Como te prometí por teléfono, te resumo lo que acordamos.",
        "Gracias por tu llamada de hace un rato. Como hablamos:",
    ),
    closing=(
        "¡Qué bien! Que tengas un buen día.",
        "¡De nada, que disfrutes tu pedido!",
        "Un placer ayudarte. ¡Hasta pronto!",
    ),
    months=(
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    date_format="{weekday} {day} de {month}",
    channel_names={
        "email": "por email",
        "chat": "por el chat",
        "phone": "por teléfono",
        "web_form": "a través del formulario de contacto",
        "facebook": "por Facebook",
        "twitter": "por Twitter",
        "instagram": "por Instagram",
        "whatsapp": "por WhatsApp",
        "sms": "por SMS",
    },
    size_words=("talla", "número"),
    size_phrases=("la talla {size}", "el número {size}"),
)
