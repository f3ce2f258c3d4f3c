"""Synthetic KTP-el and KK images with their truth, for the reading's evaluation set.

No real person's data: names are drawn from common given names, NIKs are built with the
structure of Permendagri 72/2019 (region code, birth date with +40 for women, serial) for
made-up people. The look follows the published KTP-el and KK layouts (field labels and
their order as Dukcapil prints them); the photo is a grey box. Each image then goes
through what a phone camera does to a card on a table: a few degrees of rotation, blur,
uneven light and a shadow, noise, a JPEG quality between 35 and 90.

`make_set(count, seed)` is deterministic for a seed: the same images and truth each run.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype"))
FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSansCondensed.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerifCondensed.ttf",
)

# (province name, regency name, Kemendagri code of the regency)
REGIONS = (
    ("JAWA TENGAH", "KABUPATEN BANYUMAS", "3302"),
    ("JAWA TENGAH", "KOTA SEMARANG", "3374"),
    ("JAWA BARAT", "KOTA BANDUNG", "3273"),
    ("JAWA TIMUR", "KOTA SURABAYA", "3578"),
    ("DKI JAKARTA", "JAKARTA SELATAN", "3174"),
    ("BALI", "KOTA DENPASAR", "5171"),
    ("SULAWESI SELATAN", "KOTA MAKASSAR", "7371"),
    ("SUMATERA UTARA", "KOTA MEDAN", "1271"),
    ("KALIMANTAN TIMUR", "KOTA SAMARINDA", "6472"),
    ("DI YOGYAKARTA", "KABUPATEN SLEMAN", "3404"),
)
GIVEN_MALE = (
    "AGUS", "BUDI", "DIMAS", "EKO", "FAJAR", "HENDRA", "IRFAN", "JOKO", "KURNIAWAN",
    "RIZKY", "SLAMET", "TAUFIK", "WAHYU", "YUSUF", "BAGUS", "ARIF", "DANANG", "GILANG",
)  # fmt: skip
GIVEN_FEMALE = (
    "AYU", "DEWI", "FITRI", "INDAH", "LESTARI", "MAYA", "NUR", "PUTRI", "RATNA", "SITI",
    "SRI", "TRI", "WULAN", "YULIA", "ANISA", "RINA", "DIAH", "ENDANG",
)  # fmt: skip
FAMILY = (
    "SANTOSO", "PRATAMA", "WIJAYA", "SAPUTRA", "HIDAYAT", "LESTARI", "RAHAYU", "SETIAWAN",
    "KUSUMA", "NUGROHO", "PURNOMO", "HARTONO", "AMINAH", "FEBRIANTI", "MAULANA", "SUSANTI",
)  # fmt: skip
JOBS = ("KARYAWAN SWASTA", "WIRASWASTA", "PELAJAR/MAHASISWA", "MENGURUS RUMAH TANGGA", "PNS")
RELIGIONS = ("ISLAM", "KRISTEN", "KATHOLIK", "HINDU", "BUDDHA")
STREETS = ("JL. MERDEKA", "JL. SUDIRMAN", "JL. GATOT SUBROTO", "JL. PAHLAWAN", "DSN. KRAJAN")
VILLAGES = ("SUKAMAJU", "KARANGANYAR", "MEKARSARI", "SIDOMULYO", "PURWOREJO", "TEGALSARI")


@dataclass
class Person:
    nik: str
    name: str
    birth_date: dt.date
    female: bool
    birth_place: str


@dataclass
class Truth:
    """What a sample shows: its kind and the applicant's NIK, name and birth date."""

    file: str
    kind: str  # ktp or kk
    nik: str
    name: str
    birth_date: str
    members: list[str] = field(default_factory=list)  # every NIK on a KK

    def as_dict(self) -> dict:
        return asdict(self)


def fonts() -> list[Path]:
    found = []
    for name in FONT_FILES:
        for folder in FONT_DIRS:
            if (folder / name).exists():
                found.append(folder / name)
                break
    if not found:  # matplotlib ships DejaVu Sans
        import matplotlib

        found.append(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf")
    return found


def make_nik(rng: random.Random, regency: str, born: dt.date, female: bool) -> str:
    """A NIK with the structure of Permendagri 72/2019: regency code, district, DDMMYY
    (day + 40 for a woman), serial 0001-0999."""
    district = f"{rng.randint(1, 27):02d}"
    day = born.day + (40 if female else 0)
    birth = f"{day:02d}{born.month:02d}{born.year % 100:02d}"
    return f"{regency}{district}{birth}{rng.randint(1, 999):04d}"


def make_person(rng: random.Random, regency: str, place: str, *, adult: bool = True) -> Person:
    female = rng.random() < 0.5
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    name = f"{given} {rng.choice(FAMILY)}" if rng.random() < 0.8 else given
    if rng.random() < 0.3:
        name = f"{given} {rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)} {rng.choice(FAMILY)}"
    years = rng.randint(18, 70) if adult else rng.randint(1, 17)
    born = dt.date(2026 - years, rng.randint(1, 12), rng.randint(1, 28))
    return Person(
        nik=make_nik(rng, regency, born, female),
        name=name,
        birth_date=born,
        female=female,
        birth_place=place,
    )


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def draw_ktp(rng: random.Random, person: Person, region: tuple[str, str, str]) -> Image.Image:
    width, height = 1012, 638  # 85.6 x 54 mm at 300 dpi
    card = Image.new("RGB", (width, height), (rng.randint(170, 200), 215, 240))
    draw = ImageDraw.Draw(card)
    for y in range(0, height, 6):  # the card's faint guilloche
        draw.line([(0, y), (width, y + 40)], fill=(185, 222, 244), width=1)
    face = rng.choice(fonts())
    bold = [f for f in fonts() if "Bold" in f.name] or [face]
    head = _font(bold[0], 30)
    label = _font(face, 23)
    draw.text((width // 2, 28), f"PROVINSI {region[0]}", font=head, fill="black", anchor="mt")
    draw.text((width // 2, 64), region[1], font=head, fill="black", anchor="mt")
    draw.text((30, 118), "NIK", font=_font(bold[0], 34), fill="black")
    draw.text((190, 118), f": {person.nik}", font=_font(bold[0], 34), fill="black")
    address = rng.choice(STREETS) + f" NO. {rng.randint(1, 120)}"
    rows = [
        ("Nama", person.name),
        ("Tempat/Tgl Lahir", f"{person.birth_place}, {person.birth_date:%d-%m-%Y}"),
        ("Jenis Kelamin", "PEREMPUAN" if person.female else "LAKI-LAKI"),
        ("Alamat", address),
        ("RT/RW", f"{rng.randint(1, 12):03d}/{rng.randint(1, 9):03d}"),
        ("Kel/Desa", rng.choice(VILLAGES)),
        ("Kecamatan", rng.choice(VILLAGES)),
        ("Agama", rng.choice(RELIGIONS)),
        ("Status Perkawinan", rng.choice(("KAWIN", "BELUM KAWIN"))),
        ("Pekerjaan", rng.choice(JOBS)),
        ("Kewarganegaraan", "WNI"),
        ("Berlaku Hingga", "SEUMUR HIDUP"),
    ]
    y = 170
    for key, value in rows:
        draw.text((30, y), key, font=label, fill="black")
        draw.text((280, y), f": {value}", font=label, fill="black")
        y += 36
    draw.rectangle([770, 130, 970, 390], fill=(120, 120, 130))
    city = region[1].replace("KABUPATEN ", "").replace("KOTA ", "")
    draw.text((870, 420), city, font=label, fill="black", anchor="mt")
    draw.text(
        (870, 452),
        f"{rng.randint(1, 28):02d}-0{rng.randint(1, 9)}-2019",
        font=label,
        fill="black",
        anchor="mt",
    )
    return card


def draw_kk(rng: random.Random, members: list[Person], region: tuple[str, str, str]) -> Image.Image:
    width, height = 1600, 900
    page = Image.new("RGB", (width, height), (250, 250, 246))
    draw = ImageDraw.Draw(page)
    face = rng.choice(fonts())
    bold = [f for f in fonts() if "Bold" in f.name] or [face]
    small = _font(face, 20)
    draw.text(
        (width // 2, 30), "KARTU KELUARGA", font=_font(bold[0], 40), fill="black", anchor="mt"
    )
    # a KK's number: region code, the date it was issued (DDMMYY), a serial
    issued = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(10, 23):02d}"
    number = f"{region[2]}{rng.randint(1, 27):02d}{issued}{rng.randint(1, 9999):04d}"
    draw.text((width // 2, 82), f"No. {number}", font=_font(bold[0], 28), fill="black", anchor="mt")
    head = members[0]
    left = [
        ("Nama Kepala Keluarga", head.name),
        ("Alamat", rng.choice(STREETS)),
        ("RT/RW", f"{rng.randint(1, 12):03d}/{rng.randint(1, 9):03d}"),
        ("Desa/Kelurahan", rng.choice(VILLAGES)),
    ]
    right = [
        ("Kecamatan", rng.choice(VILLAGES)),
        ("Kabupaten/Kota", region[1]),
        ("Kode Pos", f"{rng.randint(10000, 99999)}"),
        ("Provinsi", region[0]),
    ]
    for i, (key, value) in enumerate(left):
        draw.text((40, 140 + i * 30), key, font=small, fill="black")
        draw.text((300, 140 + i * 30), f": {value}", font=small, fill="black")
    for i, (key, value) in enumerate(right):
        draw.text((900, 140 + i * 30), key, font=small, fill="black")
        draw.text((1100, 140 + i * 30), f": {value}", font=small, fill="black")
    columns = [40, 90, 430, 690, 860, 1060, 1230, 1380]
    titles = [
        "No",
        "Nama Lengkap",
        "NIK",
        "Jenis Kelamin",
        "Tempat Lahir",
        "Tanggal Lahir",
        "Agama",
        "Pekerjaan",
    ]
    top = 300
    draw.rectangle(
        [30, top - 10, width - 30, top + 36 + 44 * len(members)], outline="black", width=2
    )
    for x, title in zip(columns, titles, strict=True):
        draw.text((x, top), title, font=_font(bold[0], 19), fill="black")
    draw.line([(30, top + 30), (width - 30, top + 30)], fill="black", width=2)
    for row, person in enumerate(members, start=1):
        y = top + 44 * row
        values = [
            str(row),
            person.name,
            person.nik,
            "PEREMPUAN" if person.female else "LAKI-LAKI",
            person.birth_place,
            f"{person.birth_date:%d-%m-%Y}",
            rng.choice(RELIGIONS),
            rng.choice(JOBS)[:14],
        ]
        for x, value in zip(columns, values, strict=True):
            draw.text((x, y), value, font=small, fill="black")
    draw.text((1250, 720), "KEPALA DINAS KEPENDUDUKAN", font=small, fill="black")
    draw.text((1250, 750), "DAN PENCATATAN SIPIL", font=small, fill="black")
    return page


def photograph(rng: random.Random, image: Image.Image) -> bytes:
    """What a phone does to the document: table around it, rotation, light, shadow, blur,
    noise, JPEG."""
    pad = int(image.width * 0.08)
    table = (rng.randint(90, 200), rng.randint(80, 170), rng.randint(60, 140))
    scene = Image.new("RGB", (image.width + 2 * pad, image.height + 2 * pad), table)
    scene.paste(image, (pad, pad))
    scene = scene.rotate(
        rng.uniform(-6, 6), resample=Image.Resampling.BICUBIC, expand=False, fillcolor=table
    )
    # uneven light: a gradient from one side, and a soft shadow over a part
    light = Image.linear_gradient("L").resize(scene.size).rotate(rng.choice((0, 90, 180, 270)))
    strength = rng.uniform(0.0, 0.35)
    dark = Image.new("RGB", scene.size, (0, 0, 0))
    mask = light.point(lambda v: int(v * strength))
    scene = Image.composite(dark, scene, mask)
    if rng.random() < 0.6:
        shadow = Image.new("L", scene.size, 0)
        x0 = rng.randint(0, scene.width // 2)
        ImageDraw.Draw(shadow).ellipse(
            [x0, -scene.height // 3, x0 + scene.width // 2, scene.height],
            fill=int(255 * rng.uniform(0.15, 0.4)),
        )
        shadow = shadow.filter(ImageFilter.GaussianBlur(40))
        scene = Image.composite(dark, scene, shadow)
    scene = scene.filter(ImageFilter.GaussianBlur(rng.uniform(0.0, 1.4)))
    if rng.random() < 0.5:
        noise = Image.effect_noise(scene.size, rng.uniform(4, 14)).convert("RGB")
        scene = Image.blend(scene, noise, 0.06)
    scale = rng.uniform(0.75, 1.0)
    scene = scene.resize(
        (int(scene.width * scale), int(scene.height * scale)), Image.Resampling.LANCZOS
    )
    out = io.BytesIO()
    scene.save(out, "JPEG", quality=rng.randint(35, 90))
    return out.getvalue()


def make_sample(rng: random.Random, index: int) -> tuple[bytes, Truth]:
    region = rng.choice(REGIONS)
    place = region[1].replace("KABUPATEN ", "").replace("KOTA ", "")
    if index % 3 == 2:
        members = [make_person(rng, region[2], place)]
        members += [
            make_person(rng, region[2], place, adult=i == 0) for i in range(rng.randint(1, 4))
        ]
        applicant = rng.choice(members)
        image = draw_kk(rng, members, region)
        truth = Truth(
            file=f"kk-{index:04d}.jpg",
            kind="kk",
            nik=applicant.nik,
            name=applicant.name,
            birth_date=applicant.birth_date.isoformat(),
            members=[m.nik for m in members],
        )
    else:
        person = make_person(rng, region[2], place)
        image = draw_ktp(rng, person, region)
        truth = Truth(
            file=f"ktp-{index:04d}.jpg",
            kind="ktp",
            nik=person.nik,
            name=person.name,
            birth_date=person.birth_date.isoformat(),
        )
    return photograph(rng, image), truth


def make_set(count: int, *, seed: int = 25) -> Iterator[tuple[bytes, Truth]]:
    """`count` samples (two KTPs for each KK), the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable test set
    for index in range(count):
        yield make_sample(rng, index)


def wrong_nik(rng: random.Random, nik: str) -> str:
    """A NIK as a person mistypes it: one digit changed, or two neighbours swapped. Only
    typos the application form lets through (a valid structure, `Nik.parse`) are made:
    the form refuses the others before any reading."""
    from django.core.exceptions import ValidationError

    from satupintu.core.identifiers import Nik

    digits = list(nik)
    while True:
        i = rng.randrange(16)
        if rng.random() < 0.5 and i < 15 and digits[i] != digits[i + 1]:
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
        else:
            digits[i] = rng.choice([d for d in "0123456789" if d != digits[i]])
        candidate = "".join(digits)
        if candidate != nik:
            try:
                return Nik.parse(candidate).value
            except ValidationError:
                pass
        digits = list(nik)


def _letter(rng: random.Random, title: str, body: list[str], sign: list[str]) -> Image.Image:
    """An A4-ish page of text: a heading, lines, a signature block."""
    width, height = 1240, 1600
    page = Image.new("RGB", (width, height), (252, 252, 248))
    draw = ImageDraw.Draw(page)
    face = rng.choice(fonts())
    bold = [f for f in fonts() if "Bold" in f.name] or [face]
    draw.text((width // 2, 120), title, font=_font(bold[0], 44), fill="black", anchor="mt")
    y = 260
    for text in body:
        draw.text((110, y), text, font=_font(face, 30), fill="black")
        y += 56
    for text in sign:
        draw.text((760, y + 80), text, font=_font(face, 28), fill="black")
        y += 44
    return page


def make_other_document(rng: random.Random, kind: str) -> Image.Image:
    """An akta, a surat pengantar or another paper, for the classifier's evaluation."""
    region = rng.choice(REGIONS)
    person = make_person(rng, region[2], region[1].split()[-1], adult=False)
    if kind == "akta":
        return _letter(
            rng,
            "KUTIPAN AKTA KELAHIRAN",
            [
                "WARGA NEGARA INDONESIA",
                f"Berdasarkan Akta Kelahiran Nomor {region[2]}-LT-{rng.randint(10**7, 10**8)}",
                f"bahwa di {person.birth_place}",
                f"pada tanggal {person.birth_date:%d-%m-%Y}",
                f"telah lahir {person.name}",
                "anak ke-1 dari ayah dan ibu",
            ],
            ["KEPALA DINAS KEPENDUDUKAN", "DAN PENCATATAN SIPIL"],
        )
    if kind == "pengantar":
        return _letter(
            rng,
            "SURAT PENGANTAR",
            [
                f"Nomor: {rng.randint(1, 200)}/RT {rng.randint(1, 9):02d}/2026",
                f"Yang bertanda tangan di bawah ini Ketua RT {rng.randint(1, 9):02d}",
                "menerangkan bahwa:",
                f"Nama : {person.name}",
                f"NIK : {person.nik}",
                "Keperluan : mengurus surat pindah",
            ],
            [f"Ketua RT {rng.randint(1, 9):02d} / RW {rng.randint(1, 9):02d}"],
        )
    return _letter(
        rng,
        rng.choice(("NOTA PEMBELIAN", "JADWAL KEGIATAN", "DAFTAR HADIR")),
        [f"{rng.choice(JOBS)} {rng.randint(1, 99)} x {rng.randint(1000, 90000)}" for _ in range(6)],
        ["Hormat kami"],
    )


def make_kind_set(count: int, *, seed: int = 26) -> Iterator[tuple[bytes, str]]:
    """`count` photos of akta, pengantar and other papers in turn, with their kind."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable test set
    for index in range(count):
        kind = ("akta", "pengantar", "other")[index % 3]
        yield photograph(rng, make_other_document(rng, kind)), kind
