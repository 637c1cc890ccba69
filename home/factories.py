import factory
import wagtail_factories

from home.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "湖南省中小企业公共服务平台"
    banner_title = "湖南省中小企业公共服务平台"
    banner_text = "汇聚全省服务资源，为中小企业提供政策、融资、人才、技术、市场等一站式公共服务。"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"页面 {n}")
    introduction = "平台介绍"

    class Meta:
        model = StandardPage
