"""What the bot says in its own words, outside the knowledge base: one file a reviewer reads.

Legal and financial statements are not here: they come from data/kb/ with their sources. This file
holds the conversation's own sentences: questions, acknowledgements, apologies, buttons; the channel
edge's replies and refusals; and what the operator's command line prints. Fixed
replies without logic (greetings, the crisis answer) are responses in domain.yml.
"""

from __future__ import annotations

# --- Answers from the knowledge base (bot/answering.py) ---
PLATFORM_QUESTION = "请问是哪个平台的欠款？不同平台的规则不一样，我好给您对应的信息。"
ANSWER_PLATFORMS = ("花呗", "借呗", "信用卡", "微粒贷", "京东白条", "美团")
NOTICE_QUESTION = "请问这个通知是怎么收到的？"
NOTICE_CHOICES = ("短信", "邮寄", "电话", "上门")
NOTICE_LABELS = {"短信": "短信", "邮寄": "快递寄来的纸质文件", "电话": "电话", "上门": "有人上门送来"}
INFORM_ACK = "收到，我记下了。您最想了解哪方面？"
TERM_QUESTION = "想知道具体折合多少年利率的话，告诉我借了多久，比如「借一年」或「分12期，每期1000」，我帮您算。"
KB_DOWN = "抱歉，知识库暂时不可用，我现在没法给您可靠的答案。请稍后再试，或者发送“转人工”。"
NO_ANSWER_YET = "我还没给您具体的回答，所以没有可列的依据。您想了解哪方面？"

# --- Low confidence (action_topic_fallback) ---
REPHRASE = "抱歉，我没太看明白。能换个说法，用一两句话说说您遇到的情况吗？也可以直接选一个话题："


# --- A person (action_request_human) ---
def handoff_registered(number: int, hours: str, open_now: bool, opens: str) -> str:
    when = (
        f"现在是服务时间（每天{hours}，北京时间），客服看到后会在这里回复您。"
        if open_now
        else f"现在不在人工服务时间（每天{hours}，北京时间），客服最早{opens}起在这里回复您。"
    )
    return (
        f"已为您登记人工服务（编号 {number}），您说过的情况客服都能看到，不用再重复。{when}"
        "如果情况紧急、人身安全受到威胁，请直接拨打110；需要心理支持可拨打12356。"
    )


def paused_notice(number: int | None) -> str:
    ticket = f"（编号 {number}）" if number else ""
    return (
        f"您的消息已经转给人工客服{ticket}，客服接手后会在这里回复您，请稍候。"
        "如果情况紧急、人身安全受到威胁，请直接拨打110；需要心理支持可拨打12356。"
    )


UNCLEAR_HANDOFF = "抱歉，我几次都没能理解您的意思，这样下去耽误您的时间。我把您的问题转给人工客服。"
AGENT_LABEL = "人工客服"
AGENT_NAME_REQUIRED = "需要客服名字 (send your agent name, 1-32 letters, digits or 汉字, in X-Zhaida-Agent)"
AGENT_TEXT_REQUIRED = "回复不能为空 (a reply needs a non-empty 'text')"
TICKET_NOT_FOUND = "没有这个工单 (no such ticket)"
TICKET_NOT_YOURS = "这个工单不在您名下 (claim the ticket first; another agent may hold it)"
TICKET_TAKEN = "这个工单已被其他客服接手 (another agent claimed this ticket)"
HANDED_BACK = "人工客服已结束这次接待，接下来由债答继续为您解答。刚才说过的情况我都记着，您可以接着问。"
TICKET_CRISIS_REASON = "已给出危机回答"
HUMAN_BUTTON = {"title": "转人工", "payload": "/human_handoff"}

# --- The planning conversation (bot/plan/, actions/plan.py) ---
PLAN_START = "好的，我来帮您算一算：现在欠多少、每月能还多少、可以怎么跟平台谈。"
CALC_BUTTON = {"title": "帮我算一算", "payload": '/negotiate_repayment{"calc": "plan"}'}
PLAN_KB_DOWN = "抱歉，知识库暂时不可用，现在没法给您可靠的计算说明。请稍后再试，或者发送“转人工”。"
PAUSED_FOR_TOPIC = "计算先暂停，您已经说过的数字我都记着；想接着算，说「继续算」就行。"
STOPPED = "好的，先不算了。您说过的数字我都记着，想接着算随时说「继续算」；想从头来就说「重新算」。"
CORRECT_HINT = "数字不对可以直接说，比如「收入改成八千」，我马上重新算。"
AFTER_PLAN_BUTTONS = ({"title": "对征信的影响", "payload": "/credit_report"}, HUMAN_BUTTON)
PLAN_PLATFORMS = ("花呗", "借呗", "信用卡", "微粒贷", "京东白条", "其他")
HOW_TO_STEER = "数字说错了直接说「改成…」；不想算了说「不算了」。"
PLAN_QUESTIONS = {
    "platform": "是哪个平台的欠款？",
    "debt_amount": "现在一共欠多少钱？说个大概数就行，比如「两万三」。",
    "overdue_days": "逾期多少天了？比如「45天」或「一个半月」；还没逾期就说「没逾期」。",
    "overdue_rate": (
        "{platform}的逾期日利率我这里没有可靠的数字{note}。合同或App的借款详情里一般能看到，"
        "比如「万分之五」或「0.05%」。不清楚就回「不知道」，我先按估算来算。"
    ),
    "monthly_income": (
        "您每个月收入大概多少？工资、兼职都算上；没有收入就说「没有」。"
        "也可以直接说每月最多能还多少，比如「每月最多能还一千五」。"
    ),
    "monthly_expenses": "每个月必须花的钱大概多少？房租、吃饭、交通、孩子，还有别的必须还的贷款都算上。",
}
UNKNOWN_RATE_BUTTON = {"title": "不知道", "payload": "不知道"}
PLAN_PROBLEMS = {
    "vague": "「{words}」还不够具体，说个大概的数就行。",
    "negative": "{label}不能是负数。",
    "too_large": "「{words}」超出了个人欠款的常见范围，是不是多打了几个零？",
    "zero": "欠款是0的话就不用做还款方案了；如果还有没还的，请说一下还欠多少。",
    "unreadable": "这句话里我没读到{label}。",
}
PLAN_NOTED = "记下了："
PLAN_CORRECTED = "已改好："
PLAN_APPROXIMATE = "「{words}」我先按{value}算，有准确数字随时告诉我。"
PLAN_SHOW_DAYS = "{days}天"
PLAN_SHOW_RATE = "每天{rate}"
PLAN_SHOW_RATE_UNKNOWN = "不清楚（先按估算）"
PLAN_THIS_PLATFORM = "这个平台"
PLAN_RATE_NOTE = "（{note}）"
PLAN_A_NUMBER = "数字"
PLAN_STUCK = "不方便说具体数字也没关系：可以说「不算了」先停下，或者转人工让客服帮您算。"

# --- The plan as the user reads it (bot/plan/present.py); figures are filled in, laws come from guides ---
PLAN_TABLE_HEAD = ("方案", "每期还款", "总利息", "能否负担")
PLAN_ONE_OFF = "(一次)"
PLAN_RECOMMENDED_MARK = " 推荐"
PLAN_DAILY_RATE = "日利率{rate}"
PLAN_SOME_PLATFORM = "该平台"
PLAN_SITUATION = "按您说的情况算：{platform}，欠款{debt}元，逾期{days}天。"
PLAN_OVERDUE_COST = "· 逾期利息约{interest}元（{rate}），现在合计约{total}元。"
PLAN_NOT_OVERDUE = "· 还没逾期，合计{total}元。"
PLAN_CAPACITY = "· 您说每月最多能还{limit}元，就按这个数看哪些方案负担得起。"
PLAN_BUDGET = (
    "· 每月收入{income} − 必要开支{expenses} = 可支配{disposable}元；每月还款最好不超过它的一半，也就是{limit}元。"
)
PLAN_NO_BUDGET = "· 每月收入{income}减去必要开支{expenses}后没有结余，任何还款都会很吃力。"
PLAN_PAY_ONCE = "一次还清"
PLAN_INSTALMENTS = "分{months}期，最高一期约{payment}元"
PLAN_ADVICE = "建议：{label}（{how}，总利息约{interest}元）。在您负担得起的方案里，它的总花费最少。"
PLAN_SCRIPT_INTRO = "跟平台谈的时候可以这样说："

# --- Several debts in one plan (bot/plan/several.py); the order's legal reasons come from guides ---
SEVERAL_SITUATION = "按您说的情况算：一共{count}笔欠款，合计{total}元。"
SEVERAL_BUDGET = "· 每月收入{income}元 − 必要开支{expenses}元，结余的一半{limit}元，作为每月还款的上限。"
SEVERAL_CAPACITY = "· 您说每月最多能还{limit}元，就按这个数来分。"
SEVERAL_RATE_ESTIMATE = "· {names}没有说利率，先按年化24%估算；请以合同和App显示为准。"
SEVERAL_RATE_FROM_KB = "· {names}的利率用的是常见公开信息，不一定和您的合同一样，请以合同和App显示为准。"
SEVERAL_RESULT = (
    "· 每笔每月先还最低额，合计{minimums}元；剩下的{extra}元集中还排在最前面的一笔，还清一笔就把它的钱转给下一笔。"
    "照这样大约{months}个月全部还清，总利息约{interest}元。"
)
SEVERAL_TABLE_HEAD = ("欠款", "金额", "年利率", "每月最低", "还清用时", "总利息")
SEVERAL_MONTHS = "{months}个月"
SEVERAL_COURT_MARK = "（已起诉）"
SEVERAL_ABOVE_CAP_MARK = "（超24%）"
SEVERAL_ORDER_INTRO = "先多还哪一笔（从上往下）："
SEVERAL_ORDER_LINE = "{rank}. {name}（年利率{rate}）：{reason}"
SEVERAL_REASON_COURT = "已经被起诉或进入执行，先处理"
SEVERAL_REASON_RATE = "利率越高，同样的钱先还它省的利息越多"
SEVERAL_ABOVE_CAP_LINE = "   {name}按合同利率{rate}算，这个计划里利息约{interest}元；如果按24%算，约{supported}元。"
SEVERAL_ALTERNATIVE = (
    "另一种排法是先还金额最小的（{order}）：欠的家数减少得快，但要约{months}个月、总利息约{interest}元；"
    "先还利率高的是约{main_months}个月、总利息约{main_interest}元。"
)
SEVERAL_SCRIPTS_INTRO = "跟每家出借方谈的时候，可以这样说（每家都单独谈，只找官方客服）："
SEVERAL_SCRIPT_HEAD = "【{name}】渠道：{channel}"
SEVERAL_SCRIPTS_AFTER = "每一家都是：{rest}"
SEVERAL_PLAN_LABEL = "分{months}期等额还款"
SEVERAL_SCRIPT_EARLIER = "（按上面的计划，这笔大约{months}个月就能还清；手头宽裕时多还，能早点结清。）"
SEVERAL_CHANNEL_UNKNOWN = "该出借方的官方App或官方客服电话"
SEVERAL_NOTED = "已记下{count}笔欠款：{debts}。"
SEVERAL_NOTED_ITEM = "{name}{amount}"
SEVERAL_REMOVED = "已去掉：{names}。"
SEVERAL_NOT_FOUND = "清单里没有{name}这笔。"
SEVERAL_CORRECT_HINT = (
    "哪笔说错了或者已经还了，直接告诉我，比如「网贷那笔已经还了」「花呗其实是一万二」「还有一个借呗八千」，"
    "我马上重新算。"
)

# --- A stated cost against the legal lines (bot/plan/cost.py); the lines' meaning comes from KB facts ---
COST_DAILY = "日利率{rate}"
COST_DAILY_HOW = "按一年365天单利折算"
COST_INSTALMENTS = "到手{received}，分{months}期、每期还{payment}"
COST_INSTALMENTS_HOW = "按每期还款折算的实际年利率（内部收益率×12）"
COST_SINGLE = "到手{received}，{days}天后一共还{repaid}"
COST_SINGLE_HOW = "单利，按实际到手的钱算"
COST_RESULT = "按您说的数字（{said}）算，折合年利率约{rate}%（{how}）。"
COST_ABOVE, COST_NOT_ABOVE = "高于", "没有超过"
COST_LICENSED = "· {compare}24%。{statement}"
COST_PRIVATE = "· {compare}4倍LPR（约{cap}%）。{statement}{lpr}"
COST_SKIMMED = "· 合同写借{borrowed}、实际到手{received}：{statement}"
COST_CAVEAT = "这是按您给的数字估算的，合同条款和实际收费以合同、账单为准。"

# --- The overdue cost of 「3000块逾期五天」 (bot/plan/quick_cost.py) ---
QUICK_RATE_FROM_KB = "{rate}（{platform}的常见公开信息）"
QUICK_RATE_ESTIMATED = "{rate}（按年化24%估算）"

# --- A KB answer as the user reads it (bot/kb/compose.py, bot/kb/sources_view.py) ---
RATE_NOTE = "费率为常见公开信息，以您的合同和App显示为准。"
UNKNOWN_PLATFORM = "该平台"
SEE_CONTRACT = "以合同为准"
SEE_APP = "以App显示为准"
SOURCES_PREFIX = "依据："
SOURCES_AS_OF = "（资料截至{as_of}）"
NO_PLATFORM_MATERIAL = "我这里暂时没有「{platform}」的专门资料，先给您通用的说明："
OFFICIAL_CHANNEL = "{platform}的官方渠道：{channel}"
WHOM_TO_CONTACT = "可以找："
NEXT_STEPS = "下一步："
WHEN_A_PERSON_HELPS = "需要人工帮忙的情况：{human}"
SOURCES_BUTTON_TITLE = "依据"
SOURCES_INTRO = "刚才那条回答，每句话的依据如下："
SOURCES_GUIDANCE = "   （这是建议，不涉及法律规定或数字）"
SOURCES_FACT = "   依据：{source}（{confidence}，资料截至{as_of}）"
CONFIDENCE_LABELS = {"verified": "核对过原文", "likely": "可靠的二手资料"}
SOURCES_DISCLAIMER = "以上是一般性信息，不构成法律意见；具体以合同、App和有关部门的答复为准。"

# --- The calculator's plan names and notes (bot/calc/; also printed by `zhaida calc`) ---
PLAN_FULL = "一次性还清"
PLAN_EXTENSION = "延期{days}天后一次还清"
PLAN_EXTENSION_NOTE = "展期要贷款方同意，不是借款人的权利"
PLAN_ANNUITY = "等额本息{months}期"
PLAN_CARD_LONG = "银行个性化分期式{months}期"
PLAN_CARD_LONG_NOTE = "仅信用卡：银行可以同意、没有义务同意；不适用于花呗、借呗"
PLAN_EQUAL_PRINCIPAL = "等额本金{months}期"
NOTE_RATE_FROM_KB = "逾期费率用的是常见公开信息，以您的合同和App显示为准。"
NOTE_RATE_ESTIMATED = (
    "没有费率：按年化24%估算（法院对持牌机构利息和费用的调减线），实际以合同为准；有合同费率请用 --daily-rate。"
)
NOTE_PLAN_RATE = "分期按逾期费率折算的年利率估算；实际分期利率以平台方案为准。"
NOTE_NOTHING_FITS = "以上方案都超出能负担的每月还款：建议尽快与平台官方协商，或拨打12348咨询。"
RATE_SOURCE_USER = "用户提供"
RATE_SOURCE_KB = "知识库：常见公开信息"
RATE_SOURCE_ESTIMATED = "估算：按年化24%"

# --- A calculation as plain text (bot/calc/format.py: `zhaida calc`) ---
CALC_OVERDUE = (
    "逾期{days}天：本金 {principal} 元，逾期利息 {interest} 元（日利率 {rate}，{source}），合计应还 {total} 元"
)
CALC_NORMAL_INTEREST = "同期按合同正常利率计的利息：{interest} 元"
CALC_DISPOSABLE = "每月可支配收入：{disposable} 元（收入 − 必要开支），每月还款上限 {limit} 元"
CALC_CAPACITY = "每月最多能还：{limit} 元（用户给出）"
CALC_TABLE_HEAD = ("方案", "每月(首期)", "总利息", "总还款", "能否负担")
CALC_SHARE = "占{share:.0%}"
CALC_NO_DISPOSABLE = "无可支配收入"
CALC_RECOMMENDED = "推荐：{label}（能负担的方案里总还款最少）"

# --- The channel edge (bot/channels/): replies and refusals before any NLU ---
EMPTY_REPLY = "您好像没有输入内容。请用一两句话说说您遇到的情况，比如“借呗逾期三个月了会怎样”。"
RATE_LIMITED = (
    "您发消息有点快，我先缓一缓，请过一分钟再发。"
    "如果情况紧急、人身安全受到威胁，请直接拨打110；需要心理支持可拨打12356。"
)
FAILURE_REPLY = "抱歉，系统刚才出了点问题，您的消息没有丢失。请稍后再发一次。"
# A turn that produced no reply (a failed action) still owes the user an answer.
SILENT_REPLY = "抱歉，我这边刚才没处理好这条消息，已经记下了。您可以换个说法再问一次，或者发送“转人工”。"
# Refusals name the problem in Chinese for the user and in English for the developer of the client.
BAD_ID = (
    "{what}格式不对：只能用字母、数字和 _ . : @ -，最多{limit}个字符 "
    "({what} must be 1-{limit} characters of A-Z a-z 0-9 _ . : @ -)"
)
NOT_A_STRING = "message必须是字符串 (message must be a string)"
TOO_LONG = "消息太长，请分几次发送 (message longer than {limit} characters)"
INVALID_UNICODE = "消息含有无效字符 (message is not valid Unicode: lone surrogate)"
METADATA_NOT_OBJECT = "metadata必须是JSON对象 (metadata must be an object)"
TOO_DEEP = "JSON嵌套太深 (JSON nested deeper than {limit} levels)"
INVALID_UNICODE_IN_BODY = "请求含有无效字符 (a string is not valid Unicode: lone surrogate)"
NOT_JSON_CONTENT_TYPE = "请用 Content-Type: application/json 发送 (Content-Type must be application/json)"
BODY_TOO_LARGE = "请求太大 (body larger than {limit} bytes)"
BODY_NOT_JSON = "请求体不是有效的JSON (body is not valid JSON)"
BODY_NOT_OBJECT = "请求体必须是JSON对象 (body must be a JSON object)"
MESSAGE_NOT_OBJECT = "消息必须是JSON对象 (message event must be an object)"
EVENTS_NOT_OBJECTS = "事件格式不对 (events must be objects)"
UNKNOWN_EVENT = "无法识别的事件 (not a Rasa event: {event})"
BAD_PARSE_DATA = "parse_data需要intent对象和entities列表 (parse_data needs an intent object and an entities list)"
NAME_MISSING = "需要name字段 (body needs a 'name' string)"
ENTITIES_NOT_OBJECT = "entities必须是对象 (entities must be an object)"
TEXT_MISSING = "需要text字段 (body needs a 'text' string)"
UNKNOWN_ROUTE = "未知的接口 (unknown conversation route)"
BAD_CONVERSATION_ID = "会话id含有无效字符 (conversation id is not valid UTF-8)"
TOKEN_IN_URL = "令牌不能放在网址里 (send the token in an 'Authorization: Bearer' header)"
TOKEN_REQUIRED = "需要有效的令牌 (a valid 'Authorization: Bearer' token is required)"

# --- WeChat and WeCom (bot/channels/wechat.py, bot/channels/wechat_reply.py) ---
WECHAT_DETAIL_TITLE = "看详细说明、下一步和依据"
WECHAT_CHOICES_INTRO = "回复数字："
WECHAT_MORE = "（内容较长，回复0看下一段）"
WECHAT_NOTHING_MORE = "没有更多内容了。您可以继续提问。"
WECHAT_UNDELIVERED = "（有一条回复刚才没能送达，回复0查看）"
# Sent at once when the answer takes longer than WeChat waits; the answer follows as a customer-service message.
WECHAT_WORKING = "收到，正在为您查询，稍等几秒…"
WECHAT_WORKING_ASK_AGAIN = "收到，正在为您查询。请过几秒回复0查看答案。"
WECHAT_WELCOME = (
    "您好，我是债答，解答网贷、信用卡逾期的问题：征信、罚息、协商还款、催收是否合法、律师函和法院通知的真假。"
    "直接说说您的情况就行。请不要发送完整的身份证号或银行卡号。"
)
WECHAT_WELCOME_TOPICS = ("credit_report", "negotiate_repayment", "harassment", "lawyer_letter", "verify_notice")
WECHAT_VOICE_UNCLEAR = "抱歉，这段语音没能识别出文字。请再说一次，或者直接打字。"
WECHAT_UNSUPPORTED = "抱歉，我目前只能看懂文字和语音。请用文字说说您遇到的情况。"
WECHAT_NOT_CONFIGURED = "微信接入尚未配置 (set ZHAIDA_WECHAT_TOKEN to enable this channel)"
WECOM_NOT_CONFIGURED = (
    "企业微信接入尚未配置 "
    "(set ZHAIDA_WECOM_TOKEN, ZHAIDA_WECOM_AES_KEY and ZHAIDA_WECOM_CORP_ID to enable this channel)"
)
WECHAT_BAD_SIGNATURE = "签名无效或已过期 (signature invalid or stale)"
WECHAT_BAD_XML = "消息不是有效的XML (body is not acceptable XML)"
WECHAT_TOO_LARGE = "消息太大 (body larger than {limit} bytes)"

# --- The triage API (bot/channels/triage_api.py) ---
TRIAGE_ITEM = "需要非空的text或conversation_id (each item needs a non-empty 'text' or a 'conversation_id')"
TRIAGE_BATCH = "items必须是1到{limit}个的列表 (items must be a list of 1 to {limit} objects)"
TRIAGE_NO_CONVERSATION = "没有这个会话 (no such conversation)"
TRIAGE_UNAVAILABLE = "会话暂时无法读取，请稍后重试 (the conversation store is unavailable; retry later)"

# --- The operator's command line (bot/cli.py, bot/launcher.py) ---
HANDOFFS_NONE = "没有待处理的转人工工单。"
HANDOFFS_HEAD = ("编号", "优先级", "时间 (UTC)", "会话", "状态", "摘要")
HANDOFFS_COUNT = "共 {count} 条待处理。"
CLI_NO_MODEL = "没有与源文件匹配的模型：请先运行 make model (no trained model matches the sources)"
CLI_TRIAGED = "已分诊 {count} 行 (rows triaged)"
CLI_NOT_A_NUMBER = "不是数字: {value}"
CLI_OUT_OF_RANGE = "超出范围: {value}"
LAUNCHER_STOPPING = "正在停止债答 … stopping both servers"
