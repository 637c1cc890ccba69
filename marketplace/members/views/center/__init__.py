"""The member centre (会员中心 / 企业管理中心): members' own front-end pages under /center/.

Members never enter the Wagtail admin; every page here is for the logged-in member's own data.
"""
