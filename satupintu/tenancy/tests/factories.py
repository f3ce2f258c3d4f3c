import datetime as dt

import factory

from satupintu.tenancy.models import Agency, Booth, Closure, Counter, Mpp, OpeningHours


class MppFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mpp
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"mpp-{n}")
    name = factory.Sequence(lambda n: f"Mal Pelayanan Publik Uji {n}")
    regency_name = "Kabupaten Banyumas"
    regency_code = "33.02"
    city = "Purwokerto"
    address = "Jl. Dr. Angka, Purwokerto"
    time_zone = "Asia/Jakarta"

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        """Monday-Friday 08.00-12.00 and 13.00-16.00 unless hours=[] is given."""
        if not create:
            return
        periods = (
            extracted
            if extracted is not None
            else [(dt.time(8), dt.time(12)), (dt.time(13), dt.time(16))]
        )
        for weekday in range(5):
            for opens_at, closes_at in periods:
                OpeningHours.objects.create(
                    mpp=self, weekday=weekday, opens_at=opens_at, closes_at=closes_at
                )


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"AGENCY{n}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"Dinas {n}")
    kind = "opd"


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    mpp = factory.SubFactory(MppFactory)
    agency = factory.SubFactory(AgencyFactory)
    name = factory.LazyAttribute(lambda o: f"Gerai {o.agency.short_name}")
    queue_prefix = factory.Sequence(
        lambda n: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n % 26] * (1 + n // 26 % 3)
    )


class CounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counter

    booth = factory.SubFactory(BoothFactory)
    mpp = factory.SelfAttribute("booth.mpp")
    number = factory.Sequence(lambda n: n + 1)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    mpp = factory.SubFactory(MppFactory)
    starts_on = dt.date(2026, 12, 23)  # a Wednesday that is no holiday nor cuti bersama
    ends_on = factory.SelfAttribute("starts_on")
    reason = "Rapat kerja tahunan"  # cuti bersama are not typed as closures (core/calendar.py)
