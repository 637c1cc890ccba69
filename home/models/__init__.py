from home.models.home_page import HomePage
from home.models.site_settings import FooterLink, FooterSettings, NavigationLink, NavigationSettings
from home.models.standard_page import StandardPage

__all__ = [
    "FooterLink",
    "FooterSettings",
    "HomePage",
    "NavigationLink",
    "NavigationSettings",
    "StandardPage",
]
