from django.urls import path

from bench.views import baseline_projects
from cpec_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/projects/", baseline_projects), *site_urlpatterns]
