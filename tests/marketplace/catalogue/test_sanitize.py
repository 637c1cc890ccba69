"""The product description's whitelist sanitiser (R2.5)."""

import pytest

from marketplace.catalogue.sanitize import sanitize_html

OWN = "/media/images/own.max-1200x1200.format-jpeg.jpg"


def clean(html):
    return sanitize_html(html, allowed_image_srcs={OWN})


def test_keeps_whitelisted_formatting():
    html = "<h3>亮点</h3><p><strong>高效</strong>、<em>节能</em><br>耐用</p><ul><li>一</li></ul>"
    assert clean(html) == html


def test_detail_image_keeps_its_size():
    html = f'<p><img src="{OWN}" width="300" height="225" alt="细节图"></p>'
    assert clean(html) == f'<p><img src="{OWN}" alt="细节图" width="300" height="225"></p>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<script>alert(1)</script><p>安全</p>", "<p>安全</p>"),
        (f'<img src="{OWN}" onerror="alert(1)">', f'<img src="{OWN}" alt="">'),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<a href="javascript:alert(1)">点我</a>', "<a>点我</a>"),
        ('<a href="java\tscript:alert(1)">点我</a>', "<a>点我</a>"),
        (
            '<a href="https://example.com/" onclick="x()">官网</a>',
            '<a href="https://example.com/" rel="nofollow noopener">官网</a>',
        ),
        (
            '<a href="mailto:sales@example.com">邮件</a>',
            '<a href="mailto:sales@example.com" rel="nofollow noopener">邮件</a>',
        ),
        ('<iframe src="https://evil.example/"></iframe><p>后</p>', "<p>后</p>"),
        ('<p style="position:fixed" class="x" id="y">文字</p>', "<p>文字</p>"),
        ("<style>p{}</style><div>块</div>", "块"),
        ("<!-- 注释 --><p>正文</p>", "<p>正文</p>"),
        ("<p>未闭合<strong>加粗", "<p>未闭合<strong>加粗</strong></p>"),
        ("</p>多余结束</li>", "多余结束"),
        ("<p>&lt;script&gt; 与 5 &gt; 3</p>", "<p>&lt;script&gt; 与 5 &gt; 3</p>"),
        ("<svg><script>alert(1)</script></svg>文字", "文字"),
        ('<td colspan="2" rowspan="abc">格</td>', '<td colspan="2">格</td>'),
    ],
)
def test_strips_everything_else(html, expected):
    assert clean(html) == expected


def test_images_of_other_members_or_sites_are_dropped():
    for src in (
        "/media/images/someone-else.max-1200x1200.format-jpeg.jpg",
        "https://evil.example/tracker.gif",
        "data:image/png;base64,AAAA",
    ):
        assert clean(f'<p><img src="{src}" width="300">文字</p>') == "<p>文字</p>"


def test_image_sizes_must_be_sane_numbers():
    result = clean(f'<img src="{OWN}" width="5000" height="-3" alt="a">')
    assert result == f'<img src="{OWN}" alt="a">'
    assert 'width="1200"' in clean(f'<img src="{OWN}" width="1200">')


def test_attribute_values_are_escaped():
    result = clean(f'<img src="{OWN}" alt="&quot; onload=&quot;x">')
    assert result == f'<img src="{OWN}" alt="&quot; onload=&quot;x">'


def test_empty_input():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""
