"""The word lists the demo shop is made from: a neighbourhood café in Portland, Oregon.

Names come from the many communities such a café serves, spelled as their owners spell
them (Łukasz, Nguyễn, Þórður, Ayşe, Adébáyọ̀), because search must cope with exactly that.
Family names that change with gender are written "male/female" (Wiśniewski/Wiśniewska).
Email addresses use only the domains reserved for examples (RFC 2606), so a demo book can
never send mail to a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

SHOP_SETTINGS = {
    "shop.name": "Juniper & Rye Café",
    "shop.owner_name": "Rosa Delgado",
    "shop.locale": "en_US",
    "shop.currency": "USD",
    "shop.phone_region": "US",
    "shop.address": "2140 SE Division St\nPortland, OR 97202",
}


@dataclass(frozen=True, slots=True)
class Culture:
    key: str
    weight: int
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    #: E.164 prefix and how many random digits follow, for a number from "back home"
    phone: tuple[str, int] | None = None
    #: middle names by gender (Vietnamese Thị / Văn), used now and then
    middle: tuple[str, str] | None = None


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CULTURES: tuple[Culture, ...] = (
    Culture(
        "english",
        30,
        _t(
            "Emily Olivia Madison Hannah Grace Chloe Abigail Sarah Megan Rachel Lauren "
            "Katie Jessica Margaret Eleanor Harper Avery Brooke Molly Claire"
        ),
        _t(
            "Jacob Ethan Noah Tyler Owen Caleb Ryan Matthew Daniel Andrew Connor Liam "
            "Samuel Henry Nathan Dylan Austin Garrett Wesley Colin"
        ),
        _t(
            "Johnson Miller Thompson Walker Harris Clarke Bennett Foster Hughes Reed "
            "Parker Brooks Hayes Sullivan O'Brien McAllister Whitaker Donovan Fletcher "
            "Campbell Kowalski Anderson Peterson Larsen Murphy"
        ),
        ("+447911", 6),
    ),
    Culture(
        "spanish",
        14,
        _t(
            "María Lucía Sofía Valentina Inés Begoña Ximena Guadalupe Ángela Carmen "
            "Rocío Paloma Mónica Marisol"
        ),
        _t(
            "José Andrés Martín Joaquín Ramón Jesús Ángel Tomás Sebastián Héctor Raúl "
            "Iñaki Julián Óscar"
        ),
        _t(
            "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez "
            "Jiménez Núñez Muñoz Castañeda Ibáñez Delgado Ortiz Fernández Vásquez"
        ),
        ("+5255", 8),
    ),
    Culture(
        "german",
        7,
        _t("Käthe Lena Sophie Marlene Anneliese Jülide Greta Hanna Frieda Ute Birgit Sünje"),
        _t("Jürgen Jörg Lukas Sören Günther Maximilian Felix Matthias Dieter Jonas Björn"),
        _t(
            "Müller Schäfer Schröder Köhler Groß Weiß Hoffmann Krüger Böhm Wagner Fuchs "
            "Vogel Schneider Bäumer Lößner"
        ),
        ("+49151", 8),
    ),
    Culture(
        "polish",
        6,
        _t("Małgorzata Agnieszka Zofia Katarzyna Joanna Magdalena Ewa Urszula Jadwiga"),
        _t("Łukasz Paweł Wojciech Michał Grzegorz Józef Krzysztof Tomasz Bartłomiej"),
        _t(
            "Wiśniewski/Wiśniewska Kowalczyk Wójcik Lewandowski/Lewandowska "
            "Zieliński/Zielińska Szymański/Szymańska Dąbrowski/Dąbrowska "
            "Kozłowski/Kozłowska Mazur Król Jabłoński/Jabłońska"
        ),
        ("+48512", 6),
    ),
    Culture(
        "vietnamese",
        7,
        _t("Thảo Hương Linh Ngọc Phương Trang Mai Hằng Thúy Vy"),
        _t("Minh Tuấn Quang Đức Hải Dũng Khoa Phúc Long Bảo"),
        _t("Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Huỳnh Võ Phan"),
        ("+8491", 7),
        ("Thị", "Văn"),
    ),
    Culture(
        "icelandic",
        2,
        _t("Guðrún Sigríður Björk Ragnheiður Ásta Hildur Þórunn Katrín"),
        _t("Jón Ólafur Þórður Einar Hallgrímur Gunnar Sigurður Ragnar"),
        _t(
            "Jónsson/Jónsdóttir Ólafsson/Ólafsdóttir Sigurðsson/Sigurðardóttir "
            "Einarsson/Einarsdóttir Þórsson/Þórsdóttir Gunnarsson/Gunnarsdóttir "
            "Magnússon/Magnúsdóttir"
        ),
        ("+3546", 6),
    ),
    Culture(
        "turkish",
        5,
        _t("Ayşe Zeynep Elif Gülşen Çağla Şule Özlem Büşra Merve"),
        _t("Mehmet Mustafa Emre Barış İbrahim Ömer Oğuz Kaan Serkan"),
        _t("Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Kılıç"),
        ("+90532", 7),
    ),
    Culture(
        "nigerian",
        6,
        _t("Chiamaka Adaeze Ngozi Folake Yetunde Ifeoma Funmilayo Chidinma Ọlájùmọ̀kẹ́"),
        _t("Oluwaseun Chukwuemeka Babajide Tochukwu Olumide Adébáyọ̀ Emeka Ikenna Ọlá"),
        _t(
            "Okafor Adeyemi Okonkwo Balogun Eze Nwosu Adebayo Oyelaran Obi Akinola "
            "Ogunleye Okoro Adéwálé"
        ),
        ("+234803", 7),
    ),
    Culture(
        "indian",
        8,
        _t("Priya Ananya Kavya Lakshmi Meera Deepika Aishwarya Sneha Divya Pooja"),
        _t("Arjun Rohan Vikram Sanjay Aditya Rahul Karthik Nikhil Sameer Anand"),
        _t(
            "Sharma Patel Iyer Reddy Gupta Nair Chatterjee Menon Krishnan Desai Kapoor Banerjee Rao"
        ),
        ("+9198", 8),
    ),
    Culture(
        "french",
        6,
        _t("Amélie Hélène Céline Zoé Maëlle Anaïs Léa Chloé Geneviève Noémie"),
        _t("François Jérôme Benoît Gaël Loïc Frédéric Théo Rémi Stéphane Hervé"),
        _t(
            "Dubois Lefèvre Girard Moreau Fontaine Bérenger Lemaître Chevalier Rousseau "
            "Mercier Gauthier Bélanger"
        ),
        ("+336", 8),
    ),
    Culture(
        "east_asian",
        5,
        _t("Mei Yuki Sakura Hana Xiu Ji-woo Seo-yeon Aiko"),
        _t("Wei Jun Haruto Kenji Hiroshi Min-jun Tae-yang Hao"),
        _t("Chen Wang Li Zhang Liu Tanaka Sato Suzuki Kim Park Choi Yamamoto"),
    ),
)

#: Area codes of Portland and of places people move to Portland from.
AREA_CODES = (503,) * 6 + (971,) * 4 + (360, 360, 206, 415, 212, 312, 208, 541)

STREETS = _t(
    "SE_Division_St SE_Hawthorne_Blvd NE_Alberta_St N_Mississippi_Ave NW_23rd_Ave "
    "SE_Belmont_St NE_Broadway SE_Clinton_St N_Williams_Ave SE_Woodstock_Blvd "
    "NE_Killingsworth_St SE_Foster_Rd N_Lombard_St NE_Fremont_St SW_Corbett_Ave "
    "SE_Powell_Blvd NE_Sandy_Blvd SE_Stark_St N_Interstate_Ave SE_Milwaukie_Ave"
)
NEARBY = (
    ("Portland", "OR", "972"),
    ("Portland", "OR", "972"),
    ("Portland", "OR", "972"),
    ("Milwaukie", "OR", "972"),
    ("Beaverton", "OR", "970"),
    ("Vancouver", "WA", "986"),
)

EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
WORK_DOMAINS = (
    "ohsu.example", "riverbend-clinic.example", "pdx-schools.example",
    "rosecitydesign.example", "cascadia-law.example",
)  # fmt: skip

COMPANIES = (
    "Rose City Dental", "Hawthorne Yoga Studio", "Cascadia Law Group", "Bluebird Books",
    "Division Street Florist", "Alberta Arts Framing", "Tilikum Bike Repair",
    "Mount Tabor Veterinary", "Foster Road Hardware", "Willamette Web Studio",
)  # fmt: skip

HOW_MET = (
    "Came to the grand opening and has been back ever since.",
    "Works at the clinic around the corner; first came in on a night-shift break.",
    "Found us on a rainy Sunday looking for somewhere warm.",
    "Ordered a birthday cake for her mother and stayed for coffee.",
    "Neighbour from the apartments across the street.",
    "Met at the Saturday farmers market stall.",
    "Came in with the book club that meets here on Tuesdays.",
    "Walked in during the Division Street block party.",
    "Orders the catering platters for the office every Friday.",
    "Dog-walking regular — the greyhound likes our water bowl.",
    "Students from the community college, came for the Wi-Fi, stayed for the buns.",
    "Helped us move the espresso machine on opening week.",
)

NOTES = (
    "Allergic to tree nuts — always check the pastry case.",
    "Prefers to pay cash.",
    "Hard of hearing on the left side; speak up a little.",
    "Likes a chat about the Timbers match.",
    "Usually in a hurry before 8; have the order ready.",
    "Asked us to save the last rye loaf on Fridays.",
    "Pays with the office card for catering orders.",
)

INTERESTS = (
    "Trail running", "Sourdough baking at home", "Jazz on vinyl", "Birdwatching",
    "Pottery classes", "Cycles to work all year", "Chess club on Thursdays",
    "Gardening — grows dahlias", "Board games", "Bouldering", "Knitting",
    "Timbers season ticket", "Crossword puzzles", "Film photography", "Yoga",
    "Training for a marathon", "Learning Japanese", "Plays cello in the community orchestra",
    "Restores old motorbikes", "Volunteers at the food bank", "Reads a book a week",
)  # fmt: skip

PREFERENCES = (
    "Oat flat white", "Sourdough on Saturdays", "Decaf after 3 pm",
    "Extra-hot chai latte, no foam", "Gluten-free — ask about the almond cake",
    "Double espresso with a glass of water", "Cardamom bun with the Sunday paper",
    "Matcha latte with oat milk", "Takes the window seat", "Vegan — no butter on the croissant",
    "Half-caf Americano", "Buys a loaf of rye every Friday", "Pistachio croissant when we have it",
    "Cortado, a little sugar", "Iced oat latte even in winter", "Hazelnut milk cappuccino",
    "Large drip coffee, room for cream", "Herbal tea — mint or chamomile",
)  # fmt: skip

MILESTONES = (
    "Opened her own studio on Alberta St", "New baby this spring",
    "Retired from teaching last June", "Finished the Portland Marathon",
    "Moved here from overseas two years ago", "Graduated from nursing school",
    "Got engaged here — the table by the window", "Became a grandparent",
    "Started a new job downtown", "Bought a house in Sellwood",
)  # fmt: skip

OTHER_FACTS = (
    "Brings the dog, a greyhound called Pickle", "Works night shifts at the hospital",
    "Always asks about our holiday opening hours", "Leaves a generous tip in the jar",
    "Writes for the neighbourhood newsletter", "Collects our seasonal mugs",
)  # fmt: skip

#: (tag, share of contacts that carry it)
TAGS = (
    ("regular", 0.30), ("morning crowd", 0.18), ("weekend", 0.15), ("newsletter", 0.22),
    ("catering", 0.04), ("VIP", 0.03), ("neighbour", 0.10), ("student", 0.06),
    ("wholesale", 0.01), ("book club", 0.03),
)  # fmt: skip
