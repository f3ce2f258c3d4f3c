"""The rules of a plan on plain data: the order rule, chosen steps, visits, merged
requirements (plan.py)."""

import pytest

from satupintu.journeys.plan import (
    CycleError,
    Document,
    Need,
    StepRule,
    chosen,
    in_order,
    merge,
    outline,
    visits,
)

KK = Document("kk", "Kartu Keluarga (KK)", ("KK", "KK orang tua", "KK lama"))
KTP = Document("ktp-el", "KTP-el", ("KTP-el orang tua",))
AKTA = Document("akta", "Kutipan akta kelahiran", ("Kutipan akta kelahiran anak",))
DOCS = [KK, KTP, AKTA]


def step(key, order, *needs, requirements=(), produces=(), same_day=True, **more):
    return StepRule(
        key=key,
        order=order,
        needs=needs,
        requirements=tuple(Need(r) if isinstance(r, str) else r for r in requirements),
        produces=produces,
        same_day=same_day,
        **more,
    )


def keys(steps):
    return [s.key for s in steps]


def test_a_step_comes_after_the_steps_whose_product_it_needs_whatever_the_listed_order():
    # listed BPJS first, then KK, then akta: the product chain puts akta, KK, BPJS
    steps = [step("bpjs", 0, "kk"), step("kk", 1, "akta"), step("akta", 2)]
    assert keys(in_order(steps)) == ["akta", "kk", "bpjs"]


def test_steps_free_to_go_keep_the_order_the_mpp_listed():
    steps = [step("akta", 0), step("kia", 1, "akta"), step("kk", 2, "akta"), step("npwp", 3)]
    assert keys(in_order(steps)) == ["akta", "kia", "kk", "npwp"]


def test_a_needed_step_left_out_by_the_answers_no_longer_holds_the_others_back():
    steps = [step("npwp", 0), step("nib", 1, "npwp")]
    assert keys(in_order([steps[1]])) == ["nib"]


def test_steps_that_need_each_other_have_no_order():
    with pytest.raises(CycleError) as error:
        in_order([step("a", 0, "b"), step("b", 1, "a"), step("c", 2)])
    assert error.value.args[0] == ["a", "b"]


def test_answers_choose_the_optional_steps():
    steps = [
        step("akta", 0),
        step("kia", 1, when_question="kia", when_answers=("Ya",)),
        step("jkn", 2, when_question="jkn", when_answers=("Ya",)),
    ]
    assert keys(chosen(steps, {"kia": "ya", "jkn": "Tidak"})) == ["akta", "kia"]
    assert keys(chosen(steps, {})) == ["akta"]


def test_a_step_needing_a_product_that_takes_days_is_a_later_visit():
    steps = in_order(
        [
            step("akta-kawin", 0, same_day=False),  # 1 hari kerja
            step("kk", 1, "akta-kawin"),
            step("jkn", 2, "kk"),
            step("ktp", 3),
        ]
    )
    assert visits(steps) == {"akta-kawin": 1, "ktp": 1, "kk": 2, "jkn": 2}


def test_a_document_three_steps_need_is_brought_once_naming_the_three_steps():
    steps = [
        step("akta", 0, requirements=["KTP-el orang tua", "Surat keterangan lahir"]),
        step("kia", 1, requirements=["KTP-el orang tua"]),
        step("jkn", 2, requirements=["KTP-el", "Kartu JKN-KIS"]),
    ]
    merged, provided, _given = merge(steps, DOCS)
    assert [(m.name, m.steps) for m in merged] == [
        ("KTP-el", ["akta", "kia", "jkn"]),
        ("Surat keterangan lahir", ["akta"]),
        ("Kartu JKN-KIS", ["jkn"]),
    ]
    assert provided == []


def test_a_document_an_earlier_step_produces_is_not_asked_for_at_all():
    steps = [
        step("akta", 0, requirements=["KK orang tua"], produces=("akta",)),
        step(
            "kk",
            1,
            "akta",
            requirements=["KK lama", "Kutipan akta kelahiran anak"],
            produces=("kk",),
        ),
        step("jkn", 2, "kk", requirements=["KK", "Kutipan akta kelahiran anak"]),
    ]
    plan = outline(steps, DOCS, {})
    # the old KK is brought once (akta and kk ask for it); the new KK and the akta are made here
    assert [(m.name, m.steps) for m in plan.requirements] == [
        ("Kartu Keluarga (KK)", ["akta", "kk"])
    ]
    assert [(p.name, p.by_step, p.for_steps) for p in plan.provided] == [
        ("Kutipan akta kelahiran", "akta", ("kk", "jkn")),
        ("Kartu Keluarga (KK)", "kk", ("jkn",)),
    ]
    assert plan.given[("jkn", "KK")] == "kk"


def test_a_product_of_a_step_left_out_is_brought_by_the_citizen():
    steps = [
        step("npwp", 0, produces=("npwp",), when_question="npwp", when_answers=("Belum",)),
        step("bank", 1, "npwp", requirements=["NPWP"]),
    ]
    npwp = Document("npwp", "NPWP")
    assert [m.name for m in outline(steps, [npwp], {"npwp": "Sudah"}).requirements] == ["NPWP"]
    assert outline(steps, [npwp], {"npwp": "Belum"}).requirements == []


def test_a_step_may_say_which_document_a_vague_requirement_is():
    steps = [
        step("akta", 0, produces=("akta",)),
        step(
            "kk",
            1,
            "akta",
            requirements=["Dokumen dasar perubahan"],
            requirement_documents={"Dokumen dasar perubahan": "akta"},
        ),
    ]
    assert outline(steps, DOCS, {}).requirements == []


def test_merged_requirement_is_optional_only_when_every_step_finds_it_optional():
    steps = [
        step("a", 0, requirements=[Need("NPWP", is_optional=True)]),
        step("b", 1, requirements=[Need("NPWP")]),
        step("c", 2, requirements=[Need("Setoran awal", is_optional=True)]),
    ]
    merged, _p, _g = merge(steps, [])
    assert [(m.name, m.is_optional) for m in merged] == [("NPWP", False), ("Setoran awal", True)]
