"""The demo site's footer: the operator's contact details and links to the about pages."""

from home.models import FooterLink, FooterSettings


def ensure_footer(site, pages):
    footer = FooterSettings.for_site(site)
    footer.organisation = "湖南省工业和信息化厅"
    footer.operator = "湖南省中小企业服务中心"
    footer.address = "湖南省长沙市开福区三一大道 1 号"
    footer.phone = "0731-88888888"
    footer.email = "service@smehn.example.cn"
    footer.service_hours = "工作日 9:00–17:30"
    footer.icp_number = "湘ICP备00000000号"
    footer.copyright = "© 湖南省中小企业公共服务平台 版权所有"
    footer.links = [FooterLink(label=page.title, link_page=page) for page in pages]
    footer.save()
