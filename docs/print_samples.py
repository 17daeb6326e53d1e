"""Draw the README's printing samples: an envelope per tested country, a label sheet
started mid-sheet, every voucher layout and a sheet of loyalty cards (PNG via pdftoppm).

Run from the repository: ``python docs/print_samples.py`` (needs poppler-utils).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from relbook.printing.envelopes import EnvelopeSpec, render_envelopes
from relbook.printing.labels import render_labels
from relbook.printing.loyalty_cards import LoyaltyCardPrint, render_loyalty_cards
from relbook.printing.vouchers import SIZES, VoucherPrint, render_vouchers
from relbook.services.mailing.postal import PostalAddress, address_lines

DOCS = Path(__file__).parent
HOME, LOCALE = "DE", "de_DE"  # a café in Berlin writing to its customers abroad
RETURN = ["Café Morgenrot", "Bergmannstraße 12", "10961 Berlin"]
PEOPLE = [
    PostalAddress("Jane Doe", "1234 NW Bobcat Lane", "", "Portland", "Oregon", "97298", "USA"),
    PostalAddress("Sherlock Holmes", "221B Baker Street", "", "London", "", "NW1 6XE", "UK"),
    PostalAddress(
        "Seán Ó Briain", "12 Merrion Square", "", "Dublin 2", "Dublin", "D02 XY45", "Ireland"
    ),
    PostalAddress("Jürgen Müller", "Hauptstraße 5", "", "Berlin", "", "10115", ""),
    PostalAddress("Chloé Martin", "12 rue de la Paix", "", "Paris", "", "75002", "France"),
    PostalAddress("Łukasz Nowak", "ul. Długa 5/7", "", "Warszawa", "", "00-238", "Polska"),
    PostalAddress("Taro Yamada", "1-2-3 Shibuya", "", "Shibuya-ku", "Tokyo", "150-0002", "Japan"),
    PostalAddress("Nguyễn Văn An", "12 Lê Lợi", "", "Quận 1", "Hồ Chí Minh", "700000", "Việt Nam"),
]
NAMES = [
    "Łukasz Nowak",
    "Maria Fernanda da Silva Santos Oliveira",
    "Zoë Brontë",
    "Anna Weiß",
    "Mia Müller",
    "Ólafur Arnalds",
    "Tom Ode",
    "Ines García",
    "Linh Phan",
    "Björn Ek",
]
CODES = [
    "7K9Q-X3M2-ABCD",
    "R4TW-8HJK-2MNB",
    "P6VX-3QRS-9DEF",
    "G2HJ-5KMN-7PQA",
    "W8XA-2BC3-4DEG",
    "M3NP-6QRS-8TUV",
    "C5DE-7FGH-9JKA",
    "T2UV-4WX5-6ABC",
]


def png(pdf: bytes, out: Path, dpi: int, page: int = 1) -> Image.Image:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-png",
                "-singlefile",
                "-f",
                str(page),
                "-l",
                str(page),
                str(src),
                str(Path(tmp) / "out"),
            ],
            check=True,
        )
        with Image.open(Path(tmp) / "out.png") as img:
            return img.convert("RGB")


def grid(images: list[Image.Image], cols: int, gap: int = 12) -> Image.Image:
    w = max(i.width for i in images)
    h = max(i.height for i in images)
    rows = (len(images) + cols - 1) // cols
    out = Image.new("RGB", (cols * w + (cols + 1) * gap, rows * h + (rows + 1) * gap), "#d9d9d9")
    for n, img in enumerate(images):
        r, c = divmod(n, cols)
        out.paste(img, (gap + c * (w + gap), gap + r * (h + gap)))
    return out


def envelopes() -> None:
    specs = []
    for person in PEOPLE:
        lines = address_lines(person, home=HOME, locale=LOCALE)
        back = [*RETURN, "DEUTSCHLAND"] if person.country else RETURN
        specs.append(EnvelopeSpec(lines, back, size="dl", font="DkgHandwriting", seed=7))
    pdf = render_envelopes(specs)
    images = [png(pdf, DOCS, 48, page=i + 1) for i in range(len(specs))]
    grid(images, 2).save(DOCS / "print-envelopes.png", optimize=True)


def labels() -> None:
    addresses = [address_lines(p, home=HOME, locale=LOCALE) for p in PEOPLE]
    pdf = render_labels(addresses, "l7160", start_at=8, outlines=True).pdf
    png(pdf, DOCS, 60).save(DOCS / "print-labels.png", optimize=True)


def vouchers() -> None:
    kinds = [
        ("Thank you!", "So kind of you to send Ben our way!"),
        ("Happy birthday!", "Enjoy your day, this one is on us!"),
    ]
    images = []
    for i, size in enumerate(SIZES):
        label, note = kinds[i % 2]
        batch = [
            VoucherPrint(
                code=CODES[(i + j) % 8],
                shop_name="Café Morgenrot",
                beneficiary_name=NAMES[(i + j) % 10],
                value_text="Free coffee and croissant" if j % 3 == 1 else "€10.00",
                expiry_text="Valid until 31 Dec 2026",
                terms="One voucher per visit. Not exchangeable for cash.",
                kind_label=label,
                message=note,
                signature="Rosa",
            )
            for j in range(8)
        ]
        img = png(render_vouchers(batch, size), DOCS, 55 if "8up" in size or "3dl" in size else 60)
        img.save(DOCS / f"print-voucher-{size}.png", optimize=True)
        images.append(img)


def cards() -> None:
    batch = [
        LoyaltyCardPrint(
            NAMES[i], f"RB-{CODES[i % 8][:3]}-{CODES[i % 8][5:8]}-X2T", "Café Morgenrot"
        )
        for i in range(10)
    ]
    png(render_loyalty_cards(batch, "a4"), DOCS, 60).save(DOCS / "print-cards.png", optimize=True)


if __name__ == "__main__":
    envelopes()
    labels()
    vouchers()
    cards()
