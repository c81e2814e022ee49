"""People of the demo desk: customers' names for each language, and the support team.

Kept apart from the phrases so each list stays readable. First names are split
by gender because Italian, Spanish and French customers agree adjectives with
it ("sono stufa", "estoy harto", "je suis déçue").
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["AGENTS", "FEMALE", "GROUPS", "MALE", "SURNAMES"]

# fmt: off
FEMALE: Mapping[str, tuple[str, ...]] = {
    "it": (
        "Giulia", "Francesca", "Chiara", "Sara", "Martina", "Valentina", "Federica", "Elisa",
        "Alessia", "Silvia", "Laura", "Elena", "Giorgia", "Roberta", "Paola", "Anna", "Serena",
        "Ilaria", "Marta", "Beatrice", "Camilla", "Arianna", "Noemi", "Benedetta", "Caterina",
        "Lucia", "Simona", "Daniela", "Claudia", "Veronica",
    ),
    "en": (
        "Emma", "Olivia", "Sophie", "Charlotte", "Amelia", "Jessica", "Hannah", "Emily",
        "Grace", "Lucy", "Chloe", "Ella", "Megan", "Rachel", "Laura", "Sarah", "Katie", "Niamh",
        "Aoife", "Siobhan", "Ashley", "Madison", "Brittany", "Jennifer", "Lauren", "Rebecca",
        "Holly", "Zoe", "Harriet", "Imogen",
    ),
    "fr": (
        "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Marie", "Pauline",
        "Émilie", "Céline", "Claire", "Mathilde", "Lucie", "Charlotte", "Margaux", "Élodie",
        "Audrey", "Anaïs", "Juliette", "Sophie", "Aurélie", "Laure", "Hélène", "Océane",
        "Justine", "Noémie", "Agathe", "Louise", "Coralie",
    ),
    "de": (
        "Anna", "Lena", "Laura", "Julia", "Sarah", "Lisa", "Katharina", "Johanna", "Sophie",
        "Hannah", "Leonie", "Marie", "Franziska", "Stefanie", "Sabine", "Nicole", "Jana",
        "Miriam", "Carolin", "Theresa", "Annika", "Lea", "Vanessa", "Melanie", "Kerstin",
        "Birgit", "Anja", "Nina", "Clara", "Paula",
    ),
    "es": (
        "Lucía", "María", "Paula", "Laura", "Marta", "Andrea", "Sara", "Carmen", "Ana", "Elena",
        "Cristina", "Alba", "Irene", "Raquel", "Beatriz", "Nuria", "Silvia", "Rocío",
        "Patricia", "Sofía", "Valeria", "Ximena", "Guadalupe", "Fernanda", "Mariana", "Daniela",
        "Natalia", "Claudia", "Inés", "Pilar",
    ),
}

MALE: Mapping[str, tuple[str, ...]] = {
    "it": (
        "Marco", "Luca", "Alessandro", "Andrea", "Matteo", "Francesco", "Lorenzo", "Davide",
        "Simone", "Federico", "Stefano", "Giuseppe", "Antonio", "Riccardo", "Paolo", "Roberto",
        "Fabio", "Giovanni", "Michele", "Nicola", "Daniele", "Emanuele", "Pietro", "Tommaso",
        "Filippo", "Gabriele", "Salvatore", "Claudio", "Enrico", "Massimo",
    ),
    "en": (
        "James", "Oliver", "Harry", "Jack", "George", "Thomas", "William", "Daniel", "Samuel",
        "Joseph", "Matthew", "Michael", "David", "Christopher", "Ryan", "Liam", "Conor", "Sean",
        "Patrick", "Ethan", "Tyler", "Brandon", "Justin", "Andrew", "Benjamin", "Alexander",
        "Luke", "Callum", "Jamie", "Owen",
    ),
    "fr": (
        "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Alexandre", "Guillaume", "Romain",
        "Pierre", "Hugo", "Lucas", "Mathieu", "Sébastien", "Jérôme", "Olivier", "Benoît",
        "Clément", "Arnaud", "Baptiste", "Quentin", "Théo", "Vincent", "Florian", "Cédric",
        "Damien", "Loïc", "François", "Gaëtan", "Raphaël", "Yann",
    ),
    "de": (
        "Lukas", "Jonas", "Leon", "Felix", "Maximilian", "Paul", "Tim", "Jan", "Niklas",
        "Florian", "Tobias", "Sebastian", "Michael", "Stefan", "Thomas", "Andreas", "Christian",
        "Markus", "Daniel", "Alexander", "Matthias", "Philipp", "Moritz", "Jürgen", "Uwe",
        "Dominik", "Fabian", "Simon", "Benedikt", "Lars",
    ),
    "es": (
        "Javier", "Alejandro", "Daniel", "Pablo", "David", "Sergio", "Carlos", "Jorge",
        "Álvaro", "Adrián", "Diego", "Manuel", "Miguel", "Raúl", "Iván", "Rubén", "Marcos",
        "Hugo", "Mario", "Óscar", "Luis", "Fernando", "José", "Antonio", "Andrés", "Santiago",
        "Emiliano", "Rodrigo", "Eduardo", "Gonzalo",
    ),
}

SURNAMES: Mapping[str, tuple[str, ...]] = {
    "it": (
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
        "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano",
        "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi",
        "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli",
        "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti",
        "Parisi", "Villa", "Conte", "Ferraro", "Ferri", "Fabbri", "Bianco", "Marini", "Grasso",
        "Valentini",
    ),
    "en": (
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
        "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips",
        "Mason", "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "Murphy",
        "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor", "Miller",
        "Anderson", "Garcia", "Martinez", "Lee", "Harris", "Clark", "Young", "Hughes", "Ward",
    ),
    "fr": (
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
        "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David",
        "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
        "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc",
        "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin",
        "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier",
        "Masson", "Peeters",
    ),
    "de": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
        "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
        "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
        "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
        "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Gruber",
        "Steiner",
    ),
    "es": (
        "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
        "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
        "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos",
        "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez", "Ortega",
        "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina",
        "Garrido", "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Flores",
    ),
}
# fmt: on

GROUPS = ("Tier 1", "Returns", "Payments", "VIP")
"""Support groups; the person at the terminal joins Tier 1."""

AGENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Giulia Rossi", "Tier 1", ("it", "en")),
    ("Luca Ferrari", "Tier 1", ("it", "es")),
    ("Emma Clarke", "Tier 1", ("en", "fr")),
    ("Sophie Martin", "Tier 1", ("fr", "en")),
    ("Lukas Becker", "Tier 1", ("de", "en")),
    ("Lucía García", "Tier 1", ("es", "en")),
    ("Marco Bianchi", "Returns", ("it", "en")),
    ("Hannah Schmidt", "Returns", ("de",)),
    ("Camille Dubois", "Returns", ("fr", "it")),
    ("Javier López", "Returns", ("es",)),
    ("Francesca Romano", "Payments", ("it", "en")),
    ("Oliver Bennett", "Payments", ("en", "de")),
    ("Elena Moreno", "Payments", ("es", "fr")),
    ("Alessandro Conti", "VIP", ("it", "en", "es")),
    ("Charlotte Weber", "VIP", ("de", "en", "fr")),
)
"""Name, group and the languages each agent answers in."""
