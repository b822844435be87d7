"""Site chrome: every rule that recognises a line of page furniture, in one place.

A rule matches a whole short block (a line of a plain-text copy, or a paragraph of a page). Each
has a name, used in reports and in its test, and the longest block it may match: page furniture
is short, and a long paragraph that merely mentions 版权 is text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One class of page furniture."""

    name: str
    pattern: re.Pattern[str]
    max_length: int = 60
    drops_list: bool = False  # the link list that follows goes too (相关推荐, 图片新闻)

    def matches(self, text: str) -> bool:
        """Tell whether a block is this kind of furniture."""
        return len(text) <= self.max_length and self.pattern.search(text) is not None


def _rule(name: str, pattern: str, max_length: int = 60, *, drops_list: bool = False) -> Rule:
    """Build a rule from a regular expression."""
    return Rule(name, re.compile(pattern, re.IGNORECASE), max_length, drops_list)


_UI_WORDS = (
    "关闭窗口|關閉窗口|关闭本页|關閉本頁|关闭此页|关闭页面|關閉頁面|关闭网页|關閉網頁|关闭|關閉"
    "|打印本页|打印此页|打印此文|打印本文|打印文章|打印页面|打印|列印|返回顶部|返回頂部|返回列表|返回"
    "|收藏本页|加入收藏|收藏|分享|字号|字號|字体|字體|默认|默認|放大|缩小|縮小|大|中|小"
    "|【|】|『|』|「|」|〔|〕|［|］|\\[|\\]|\\||｜|、|/|:|：|\\s"
)

# Words of a reposting platform's disclaimer under every article it hosts.
_PLATFORM_TERMS = (
    "仅提供信息存储|僅提供信息存儲|提供信息存储空间|信息发布平台|信息發布平台|自媒体平台|自媒體平台"
    "|用户上传并发布|用戶上傳並發佈|仅代表作者|僅代表作者|不代表.{0,20}(?:观点|觀點|立场|立場)"
)
# A disclaimer starts with its label (声明：, 【免责声明】) or with the article it names (本文…).
_DISCLAIMER_START = (
    "[【\\[](?:特别|特別|平台|免责|免責)?(?:声明|聲明)[】\\]]"
    "|(?:特别|特別|平台|免责|免責)?(?:声明|聲明)\\s*[:：]"
    "|(?:以上内容|以上內容|本文|该文|該文|此文|文章内容|文章內容)(?!件)"
)

# Buttons and prompts of a WeChat article page, copied along with its text.
_WECHAT_ACTIONS = (
    "分享|收藏|点赞|點讚|在看|留言|写留言|寫留言|转发|轉發|赞|讚|视频|視頻|小程序|喜欢|喜歡"
)

# Navigation of a newspaper's e-paper (数字报) page.
_EPAPER_NAV = (
    "上一版|下一版|前一版|后一版|後一版|返回目录|返回目錄|版面导航|版面導航|版面目录|本版目录"
    "|上一期|下一期|往期回顾|往期回顧|往期报纸|PDF\\s*版|PDF\\s*下载|下载\\s*PDF|查看\\s*PDF"
)
_NAV_GAP = "[\\s|｜/·•]*"

# A reader count or a button with its count on a platform page: 转发 26, 阅读 2.3万, 浏览量 1.2万.
_COUNT = (
    "(?:转发|轉發|评论|評論|赞|讚|点赞|點讚|阅读|閱讀|浏览|瀏覽|在看|分享|收藏|喜欢|喜歡)"
    "(?:量|数|數)?\\s*[:：]?\\s*\\d+(?:\\.\\d+)?\\s*[万萬wW]?\\+?"
)
# Buttons in a row, as a tool bar prints them: 分享 收藏 点赞, 分享 | 收藏 | 点赞.
_BUTTON_GAP = "(?:\\s*[|｜/·•]\\s*|\\s+)"

# A prompt to read on in a news app: 打开川观新闻，阅读更多精彩内容, 下载头条APP, APP内阅读.
# The app's name is never quoted (打开“皖事通”APP is an instruction to the reader).
_APP = "(?:APP|客户端|客戶端)"
_APP_NAME = "[^\\s，。！？；：、“”‘’\"'《》「」,.!?;:]{0,10}?"
_APP_READ = (
    "(?:阅读|閱讀|查看|浏览|瀏覽|看)(?:更多|全文|原文)(?:精彩)?"
    "(?:内容|內容|资讯|資訊|新闻|新聞|报道|報道|详情|詳情|(?:高清)?(?:图片|圖片|视频|視頻))?"
)
_APP_OPEN = "(?:打开|打開|下载|下載|安装|安裝)"
_APP_TAIL = "[!！>›»]*$"
# A news app's call for readers' tips under every story: （下载红星新闻，报料有奖！）.
_TIP_OFF = "(?:报料|爆料|報料)有(?:奖|獎)"

# Lines of an official document's letterhead and colophon (a 通报 or a 工作简报).
_DATE = "\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日"
_ISSUING_OFFICE = (
    "[\\u4e00-\\u9fff（）()]{2,30}?(?:办公室|辦公室|办公厅|辦公廳|秘书处|秘書處|秘书科|秘書科"
    "|综合科|綜合科|办|辦|室|处|處|科|委|局|部|中心)"
)
_ISSUE = "(?:\\d{4}\\s*年\\s*)?(?:总|總)?第\\s*\\d{1,4}\\s*期"
# A Discuz forum thread around a reposted story: each post's header, floor label and buttons.
_FORUM_TIME = (
    "(?:\\d{4}-\\d{1,2}-\\d{1,2}\\s+\\d{1,2}:\\d{2}(?::\\d{2})?"
    "|(?:昨天|前天)\\s*\\d{1,2}:\\d{2}|\\d{1,2}\\s*(?:分钟|分鐘|小时|小時|天)前)"
)
_FORUM_VIEWS = "只看该作者|只看該作者|倒序浏览|倒序瀏覽|阅读模式|閱讀模式|显示全部楼层|顯示全部樓層"
_FORUM_WORDS = (
    "回复|回覆|支持|反对|反對|举报|舉報|评分|評分|引用|使用道具|道具|快速回复|快速回覆"
    "|发表回复|發表回覆|高级模式|高級模式|返回列表|发新帖|發新帖|电梯直达|電梯直達"
    "|\\[?(?:复制链接|複製鏈接)\\]?|" + _FORUM_VIEWS
)
# A button only a forum has; 支持, 引用 or 举报 alone may be something else.
_FORUM_ONLY = (
    "回复|回覆|反对|反對|使用道具|高级模式|高級模式|发新帖|發新帖|电梯直达|電梯直達"
    "|复制链接|複製鏈接|" + _FORUM_VIEWS
)
# Share buttons by the site they share to.
_SHARE_TARGETS = (
    "Facebook|Twitter|WhatsApp|LINE|Telegram|LinkedIn|微信|微博|新浪微博|腾讯微博|騰訊微博|QQ空间"
    "|QQ空間|QQ好友|QQ|朋友圈|豆瓣|复制链接|複製鏈接|复制网址|複製網址"
)
# Counts printed after the number: 1.2万粉丝, 3562阅读.
_COUNT_AFTER = (
    "\\d+(?:\\.\\d+)?\\s*[万萬wW]?\\+?\\s*(?:粉丝|粉絲|获赞|獲讚|阅读|閱讀|浏览|瀏覽|次播放|播放"
    "|人看过|人看過|人阅读|人閱讀)"
)

# When a post went up, as Weibo prints it above the post: 23-11-5 20:16, 11月5日 20:16, 今天 20:16.
_WEIBO_TIME = (
    "(?:(?:\\d{4}|\\d{2})-\\d{1,2}-\\d{1,2}\\s*|\\d{1,2}月\\d{1,2}日\\s*|今天\\s*|昨天\\s*)?"
    "\\d{1,2}:\\d{2}"
)

CHROME_RULES: tuple[Rule, ...] = (
    _rule(
        "contact",
        r"^(?:电话|電話|联系电话|聯繫電話|联系方式|聯繫方式|传真|傳真|热线|熱線|邮编|郵編)\s*[:：]",
    ),
    _rule("ui_buttons", rf"^(?:{_UI_WORDS})+$", 30),
    _rule(
        "breadcrumb",
        r"^(?:您(?:当前|現在|现在|目前)?(?:的|所在的?)?位置|当前位置|當前位置|所在位置|你的位置|位置)\s*[:：]"
        r"|^(?:首页|首頁|网站首页|主页|主頁)\s*[>＞»›/]|[•·]\s*正文$",
        100,
    ),
    _rule(
        "share",
        r"分享到|分享至|微信扫一扫|微信掃一掃|扫一扫|掃一掃|用微信扫|扫描二维码|掃描二維碼|二维码|二維碼"
        r"|微信公众号|微信公眾號|手机浏览|手機瀏覽|手机版|打开微信|朋友圈|新浪微博|QQ空间|关注我们|關注我們",
        30,
    ),
    _rule(
        "related_links",
        r"^(?:相关推荐|相關推薦|相关阅读|相關閱讀|相关新闻|相關新聞|相关链接|相關鏈接|相关文章|图片新闻|圖片新聞"
        r"|热点新闻|熱點新聞|热门新闻|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|猜你喜欢|热门推荐|精彩推荐|更多新闻"
        r"|最新新闻|往期回顾|往期回顧|上一篇|下一篇|上一条|下一条|暂无相关推荐|暫無相關推薦)"
        r"|^(?:作者最新文章|作者最近文章|作者其他文章|作者其它文章|作者更多文章|作者的其他文章)\s*[:：]?$"
        r"|^(?:大家都在看|热点推荐|熱點推薦|为你推荐|為你推薦)\s*[:：]?$",
        40,
        drops_list=True,
    ),
    _rule(
        "copyright",
        r"copyright|©|版权所有|版權所有|all rights reserved|版权声明|版權聲明|未经授权",
        200,
    ),
    _rule(
        "registration",
        r"ICP\s*[备證证經经]|公网安备|公網安備|网安备|網安備|网站标识码|網站標識碼|许可证|許可證|备案号|備案號",
        200,
    ),
    _rule("address", r"^(?:地址|地 址|通讯地址|通訊地址|联系地址|聯繫地址)\s*[:：]", 120),
    _rule(
        "email", r"(?:e-?mail|邮箱|郵箱|电子邮件|電子郵件)\s*[:：]|^[\w.+-]+@[\w-]+\.[\w.]+$", 120
    ),
    _rule(
        "site_credit",
        r"powered by|技术支持\s*[:：]|技術支持\s*[:：]|网站维护|網站維護|主办单位|主辦單位"
        r"|承办单位|承辦單位"
        r"|^主办\s*[:：]|^承办\s*[:：]|建议使用|分辨率|浏览器访问",
        120,
    ),
    _rule(
        "view_count",
        r"^(?:阅读|閱讀|浏览|瀏覽|点击|點擊|访问|訪問)(?:量|数|數|次数|次數)?\s*[:：]?\s*[(（]?\d*[)）]?\s*次?$",
        20,
    ),
    _rule(
        "wechat",
        r"点击上方|點擊上方|蓝字|藍字|长按识别|長按識別|长按二维码|阅读原文|閱讀原文|预览时标签不可点"
        r"|继续滑动看下一个|轻触阅读原文|向上滑动看下一个|喜欢此内容的人还喜欢|^在看$|^点赞$|^赞赏$|^写留言$"
        r"|^-*\s*END\s*-*$",
        30,
    ),
    _rule("speech_button", r"^(?:播报文章|播報文章|听新闻|聽新聞|语音播报|語音播報|朗读全文)$", 10),
    _rule("platform_disclaimer", rf"^(?:{_DISCLAIMER_START}).{{0,100}}?(?:{_PLATFORM_TERMS})", 150),
    _rule(
        "platform_disclaimer_en",
        r"^(?:Notice|Disclaimer|Statement)\s*[:：].{0,300}?(?:information storage"
        r"|social media platform|do(?:es)? not (?:necessarily )?(?:represent|reflect))",
        320,
    ),
    _rule(
        "repost_notice",
        r"^(?:未经|未經)\S{0,6}(?:许可|許可|允许|允許|同意|授权|授權)[，,]?\s*(?:不得|禁止|严禁|嚴禁|谢绝|謝絕)"
        r"\S{0,4}(?:转载|轉載)[。.!！]?$|^(?:转载|轉載)请(?:注明|註明|联系|聯繫|保留)",
        40,
    ),
    _rule(
        "read_more",
        r"^(?:返回\S{1,6}[，,]\s*)?(?:查看更多|展开全文|展開全文|阅读全文|閱讀全文|点击展开全文|展开剩余"
        r"\s*\d*\s*%?|继续阅读|繼續閱讀|收起全文|收起)\s*[a-z]?\s*[>›»]*$",
        20,
    ),
    _rule(
        "ip_location",
        r"^(?:IP\s*属地|IP\s*屬地|发布于|發佈於|发表于|發表於)\s*[:：]?\s*[\u4e00-\u9fff]{2,8}$",
        14,
    ),
    _rule(
        "comment_widget",
        r"^(?:我要)?(?:举报|舉報)(?:\s*/\s*(?:反馈|反饋))?$"
        r"|^(?:发表|發表|写|寫|全部|热门|熱門|最新|查看全部|查看更多)?(?:评论|評論)(?:区|區)?"
        r"\s*(?:[(（]?\d+[)）]?)?$"
        r"|^(?:暂无|暫無)(?:评论|評論)|^(?:登录|登錄)后?(?:参与|參與|发表|發表)?(?:评论|評論)"
        r"|^(?:我来说两句|我來說兩句)[.。…]*$|^0\s*/\s*\d{2,4}$"
        r"|^(?:网友|網友)?(?:评论|評論)仅供.{0,40}(?:看法|观点|觀點)",
        60,
    ),
    _rule("follow_button", r"^[+＋]?\s*已?(?:关注|關注)$", 5),
    _rule(
        "epaper_page", r"^第\s*[A-Za-z]?\d{1,3}\s*版(?:\s*[:：]\s*[^\s，。！？；,.!?]{1,10})?$", 20
    ),
    _rule(
        "epaper_nav",
        rf"^{_NAV_GAP}(?:{_EPAPER_NAV})(?:{_NAV_GAP}(?:{_EPAPER_NAV}))*{_NAV_GAP}$",
        40,
    ),
    _rule(
        "epaper_other_articles",
        r"^(?:本版其他文章|本版其它文章|本版其他新闻|本版其他新聞|本期其他文章|本版导读|本版導讀)\s*[:：]?$",
        12,
        drops_list=True,
    ),
    _rule(
        "wechat_more",
        r"^(?:往期推荐|往期推薦|往期精选|往期精選|往期精彩|精彩回顾|精彩回顧|历史文章|歷史文章)\s*[:：]?$",
        10,
        drops_list=True,
    ),
    _rule(
        "wechat_controls",
        rf"^(?:{_WECHAT_ACTIONS})(?:{_BUTTON_GAP}(?:{_WECHAT_ACTIONS}))+$|轻点两下取消|輕點兩下取消"
        r"|^(?:关注该公众号|關注該公眾號|知道了|使用小程序|使用完整服务|取消\s*(?:允许|允許))$"
        r"|^(?:收录于|收錄於)(?:合集|话题|話題)|^#\S{1,20}\s*\d+\s*个(?:内容)?$",
        60,
    ),
    _rule(
        "counter",
        rf"^{_COUNT}(?:\s+{_COUNT})*$|^{_COUNT_AFTER}$|^0$",
        40,
    ),
    _rule("like_button", r"^[+＋]\s*1$", 4),
    _rule(
        "app_promo",
        rf"^{_APP_OPEN}\s*{_APP_NAME}\s*{_APP}(?:[，,\s]*{_APP_READ})?{_APP_TAIL}"
        rf"|^(?:打开|打開)\s*{_APP_NAME}[，,\s]*{_APP_READ}{_APP_TAIL}"
        rf"|^(?:在|用)?\s*{_APP_NAME}\s*{_APP}\s*(?:内|內|中)"
        rf"(?:打开|打開|阅读|閱讀|查看|观看|觀看)(?:全文|原文)?{_APP_TAIL}"
        rf"|^[（(]?\s*{_APP_OPEN}\s*{_APP_NAME}\s*{_APP}?[，,\s]*{_TIP_OFF}[!！]*\s*[)）]?$",
        24,
    ),
    _rule(
        "document_colophon",
        r"^(?:抄送|抄报|抄報)\s*[:：]"
        rf"|^{_ISSUING_OFFICE}\s*{_DATE}\s*(?:印发|印發)$"
        r"|^[(（]\s*(?:此件公开发布|此件公開發布|此件主动公开|此件主動公開|此件依申请公开|此件依申請公開"
        r"|此件不公开|此件不公開|此页无正文|此頁無正文)\s*[)）]$",
        120,
    ),
    _rule(
        "issue_number",
        rf"^[(（]?{_ISSUE}(?:\s*[(（]\s*(?:总|總)第\s*\d{{1,5}}\s*期\s*[)）])?[)）]?$",
        24,
    ),
    # A page's number in a printed document: - 2 -, — 2 —, 第2页 共3页. Read as a list item, the
    # line "- 2 -" has lost its first dash ("2 -").
    _rule(
        "page_number",
        r"^[-—–－]?\s*\d{1,3}\s*[-—–－]$"
        r"|^第\s*\d{1,3}\s*页\s*(?:[,，/]?\s*共\s*\d{1,3}\s*页)?$",
        16,
    ),
    _rule("mentions", r"^@[^\s@，。！？,.!?]{2,20}(?:\s*@[^\s@，。！？,.!?]{2,20})*$", 80),
    _rule(
        "follow_prompt",
        r"^(?:点击|點擊|一键|一鍵|欢迎|歡迎|记得|記得|长按|長按)\s*(?:关注|關注)[^\s，。！？；,.!?;]{0,10}[!！~～]*$"
        r"|^(?:关注|關注)(?:我们|我們)[!！~～]*$",
        16,
    ),
    _rule(
        "share_prompt",
        r"^(?:分享|转发|轉發)(?:给|給)(?:朋友|好友|更多人)[!！~～]*$"
        r"|^(?:点个|點個|点亮|點亮|戳个|戳個)(?:在看|赞|讚)[^\s，。！？；,.!?;]{0,8}[!！~～]*$",
        14,
    ),
    _rule(
        "weibo_link",
        r"^O?\s*(?:网页链接|網頁鏈接|查看图片|查看圖片|查看视频|查看視頻|\S{1,20}的微博视频|微博视频)$",
        24,
    ),
    _rule(
        "weibo_header",
        rf"^(?=.*(?:来自|來自|已编辑|已編輯)){_WEIBO_TIME}"
        r"(?:\s+(?:来自|來自)\s*[^\s，。！？,!?]{1,20}(?:\s+[^\s，。！？,!?]{1,20}){0,2})?"
        r"(?:\s*(?:已编辑|已編輯))?$",
        50,
    ),
    _rule(
        "account_header",
        r"^(?:原创|原創)(?:\s+[^\s\d，。！？：:；,.!?;]{2,12}){1,2}$",
        30,
    ),
    _rule(
        "wechat_header",
        r"^(?:原创|原創)\s+\S.{0,50}?\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?(?:\s+(?:发表于|發表於)\S{2,8})?$"
        r"|^\S.{0,50}?\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s+(?:发表于|發表於)\S{2,8}$",
        70,
    ),
    _rule(
        "share_bar",
        rf"^(?:(?:分享|分享到|分享至)\s*[:：]?\s*)?(?:{_SHARE_TARGETS})"
        rf"(?:[\s|｜/·•、]*(?:{_SHARE_TARGETS}))*$",
        60,
    ),
    # The page's own address (本文链接：https://…), and the headline the story ran under elsewhere.
    _rule(
        "link_line",
        r"^(?:本文|原文|文章)(?:链接|鏈接|地址|网址|網址)\s*[:：]\s*(?:https?://|www\.)\S+$",
        200,
    ),
    _rule(
        "original_title",
        r"^[（(【]?\s*(?:原标题|原標題)\s*[:：]\s*[^\s（）()【】].{0,80}?[)）】]?$",
        90,
    ),
    # An arrow alone on its line, pointing at a picture (a caption has words after its ▲).
    _rule("marker_line", r"^[▼▲↓↑⬇⬆︾︽▽△👇👆]{1,5}$", 5),
    _rule(
        "forum_post_header",
        rf"^(?:发表于|發表於)\s*{_FORUM_TIME}\s*(?:[|｜]\s*(?:{_FORUM_VIEWS})\s*)*$"
        rf"|^(?:{_FORUM_VIEWS})(?:\s*[|｜]\s*(?:{_FORUM_VIEWS}))*$",
        60,
    ),
    _rule(
        "forum_floor",
        r"^(?:楼主|樓主|沙发|沙發|板凳|地板|地下室|\d{1,4}\s*(?:楼|樓|#)|#\d{1,4})$",
        6,
    ),
    _rule(
        "forum_buttons",
        rf"^(?=.*(?:{_FORUM_ONLY}))(?:{_FORUM_WORDS})(?:[\s|｜]*(?:{_FORUM_WORDS}))*$",
        40,
    ),
    _rule(
        "forum_login",
        r"^您?需要登录后才可以(?:回帖|发帖|發帖|回复)|^(?:登录\s*[|｜]\s*)?(?:立即注册|立即註冊)$"
        r"|^(?:本版(?:积分规则|積分規則)\s*)?(?:(?:发表回复|發表回覆)\s*)?(?:回帖后跳转到最后一页)$"
        r"|^本版(?:积分规则|積分規則)\s*(?:发表回复|發表回覆)?$",
        40,
    ),
    _rule(
        "forum_footer",
        r"^(?:GMT\s*[+-]\s*\d{1,2}\s*[,，].{0,40}?)?Processed in\s*[\d.]+\s*second"
        r"|^查看\s*[:：]\s*\d+\s*[|｜]\s*回复\s*[:：]\s*\d+$"
        r"|^本帖最后由\s*\S{1,20}\s*于\s*\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s*编辑$",
        120,
    ),
)

# Marks that end an article (（完）, -END-): trimmed from the end of the last paragraph.
END_MARK = re.compile(
    r"\s*(?:[（(【\[]\s*完\s*[）)】\]]|-+\s*END\s*-+|—+\s*完\s*—+)\s*$", re.IGNORECASE
)

# A list item that only links elsewhere: a bullet and a short headline.
LINK_LIST_ITEM = re.compile(r"^(?:[•·▪■◆●○\-*>]|\d{1,2}[.、])\s*\S")

# Labels of page controls that leak into titles (a speech button read as 播报文章).
TITLE_SUFFIX_LABELS = ("播报文章", "播報文章", "听新闻", "聽新聞", "朗读全文")


_LONGEST = max(rule.max_length for rule in CHROME_RULES)
# The rules a block of each length may match, in their order: every block of an article is
# checked, so the length test is made once per block rather than once per rule.
_FOR_LENGTH = tuple(
    tuple(rule for rule in CHROME_RULES if rule.max_length >= length)
    for length in range(_LONGEST + 1)
)


def chrome_rule(text: str) -> Rule | None:
    """Return the first rule a block of text matches, or None when it is article text."""
    if len(text) > _LONGEST:
        return None
    for rule in _FOR_LENGTH[len(text)]:
        if rule.pattern.search(text) is not None:
            return rule
    return None
