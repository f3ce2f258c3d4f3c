from django.urls import path

from satupintu.web import views
from satupintu.web.pages import home, pwa, signin

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("mpp/<slug:slug>/", views.mpp_landing, name="mpp"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("masuk/lanjut/", views.after_login, name="after_login"),
    *signin.urlpatterns,
    *home.urlpatterns,
    *pwa.urlpatterns,
    path("akun/", views.account, name="account"),
    path("staf/", views.staff_dashboard, name="staff"),
    path("staf/loket/<int:counter_id>/status/", views.counter_status, name="counter_status"),
]
