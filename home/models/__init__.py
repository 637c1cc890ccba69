from .home_page import HomePage
from .site_settings import FooterLink, FooterSettings, NavigationLink, NavigationSettings
from .standard_page import StandardPage

__all__ = [
    "FooterLink",
    "FooterSettings",
    "HomePage",
    "NavigationLink",
    "NavigationSettings",
    "StandardPage",
]
