"""The sign-in code's rules (accounts/codes.py): hashed, short-lived, five wrong tries, one
live code per number, citizens only; the first code sign-in makes the citizen's account."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from satupintu.accounts import codes
from satupintu.accounts.models import Role, SignInCode, User
from satupintu.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db

PHONE = "0812-3456-7001"
E164 = "+6281234567001"


def ask(phone: str = PHONE) -> codes.IssuedCode:
    issued = codes.request_code(phone=phone, address="10.0.0.1")
    assert issued is not None
    return issued


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_a_code_is_six_digits_kept_only_as_a_keyed_hash_for_five_minutes():
    issued = ask()
    assert issued.phone == E164 and len(issued.code) == 6 and issued.code.isdigit()
    row = SignInCode.objects.get(phone=E164)
    assert issued.code not in row.code_hash
    assert row.code_hash == codes.code_hash(E164, issued.code) != codes.code_hash(E164, "000000")
    assert row.expires_at - row.created_at == dt.timedelta(minutes=codes.CODE_MINUTES)


def test_a_new_number_becomes_a_citizen_without_a_password_with_the_number_verified():
    issued = ask()
    verified = codes.verify_code(phone="+62 812 3456 7001", code=issued.code)
    user = verified.user
    assert verified.created and user.role == Role.CITIZEN and user.phone == E164
    assert not user.has_usable_password() and user.phone_verified_at is not None
    assert not SignInCode.objects.exists()  # used once


def test_an_existing_citizen_signs_in_to_their_own_account():
    citizen = make_user(Role.CITIZEN, phone=PHONE)
    verified = codes.verify_code(phone=PHONE, code=ask().code)
    assert verified.user == citizen and not verified.created
    assert User.objects.count() == 1


def test_a_used_code_cannot_sign_in_again():
    issued = ask()
    codes.verify_code(phone=PHONE, code=issued.code)
    with pytest.raises(codes.CodeRefused, match="Tidak ada kode yang berlaku"):
        codes.verify_code(phone=PHONE, code=issued.code)


def test_a_new_request_replaces_the_earlier_code():
    first, second = ask(), ask()
    assert SignInCode.objects.count() == 1
    if first.code != second.code:
        with pytest.raises(codes.CodeRefused, match="Kode salah"):
            codes.verify_code(phone=PHONE, code=first.code)
    assert codes.verify_code(phone=PHONE, code=second.code).user.phone == E164


def test_five_wrong_tries_void_the_code_and_each_says_how_many_are_left():
    issued = ask()
    for left in (4, 3, 2, 1):
        with pytest.raises(codes.CodeRefused, match=f"Sisa percobaan: {left}"):
            codes.verify_code(phone=PHONE, code=wrong(issued.code))
    with pytest.raises(codes.CodeRefused, match="salah 5 kali"):
        codes.verify_code(phone=PHONE, code=wrong(issued.code))
    with pytest.raises(codes.CodeRefused, match="Tidak ada kode"):
        codes.verify_code(phone=PHONE, code=issued.code)  # the right code is void too
    assert not User.objects.exists()


def test_an_expired_code_is_refused_with_its_own_message():
    issued = ask()
    later = timezone.now() + dt.timedelta(minutes=codes.CODE_MINUTES, seconds=1)
    with time_machine.travel(later), pytest.raises(codes.CodeRefused, match="kedaluwarsa"):
        codes.verify_code(phone=PHONE, code=issued.code)
    assert not User.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR, Role.OPERATOR, Role.KIOSK])
def test_staff_and_device_numbers_never_get_a_code(personas, role):
    user = {
        Role.OFFICER: personas.officer_xa,
        Role.SUPERVISOR: personas.supervisor_x,
        Role.OPERATOR: personas.operator,
        Role.KIOSK: personas.kiosk_x,
    }[role]
    User.objects.filter(pk=user.pk).update(phone=E164)
    assert codes.request_code(phone=PHONE, address="10.0.0.1") is None
    assert not SignInCode.objects.exists()
    with pytest.raises(codes.CodeRefused):
        codes.verify_code(phone=PHONE, code="123456")


def test_a_deactivated_citizen_gets_no_code():
    make_user(Role.CITIZEN, phone=PHONE)
    User.objects.filter(phone=E164).update(is_active=False)
    assert codes.request_code(phone=PHONE, address="10.0.0.1") is None


@pytest.mark.parametrize(
    ("phone", "message"),
    [("12", "Nomor telepon tidak valid"), ("(0281) 635231", "nomor ponsel")],
)
def test_a_code_goes_only_to_a_mobile_number(phone, message):
    with pytest.raises(ValidationError, match=message):
        codes.request_code(phone=phone, address="10.0.0.1")


def test_unused_codes_are_forgotten_once_expired():
    ask()
    ask("0812-3456-7003")
    SignInCode.objects.filter(phone=E164).update(expires_at=timezone.now())
    assert codes.delete_expired_codes(now=timezone.now()) == 1
    assert list(SignInCode.objects.values_list("phone", flat=True)) == ["+6281234567003"]
