"""Every string the user hears or reads in the app, in 简体 (default), 繁體 and English.

Announcements put the most important word first ("第3段，共12段" /
"Paragraph 3 of 12") and stay short. ``tr(key, lang, **fields)`` formats
one string; unknown languages fall back to zh-Hans, missing fields raise
(tests check that every key formats in every language).
"""

from __future__ import annotations

DEFAULT_LANG = "zh-Hans"
LANGS = ("zh-Hans", "zh-Hant", "en")

# key: (zh-Hans, zh-Hant, en)
STRINGS: dict[str, tuple[str, str, str]] = {
    # ---- start
    "welcome": (
        "听读。已打开{what}，共{count}篇。F1 帮助。",
        "聽讀。已開啟{what}，共{count}篇。F1 說明。",
        "Tingdu reader. Opened {what}: {count} articles. F1 for help.",
    ),
    "welcome.bundled": ("随附文章", "隨附文章", "the bundled articles"),
    "welcome.files": ("{count}个文件", "{count}個檔案", "{count} files"),
    "resume": (
        "继续：第{article}篇，{title}，第{paragraph}段。",
        "繼續：第{article}篇，{title}，第{paragraph}段。",
        "Resuming: article {article}, {title}, paragraph {paragraph}.",
    ),
    "start.fresh": (
        "开始：第1篇，{title}。",
        "開始：第1篇，{title}。",
        "Starting: article 1, {title}.",
    ),
    # ---- reading
    "article.end": (
        "文章结尾。PageDown 下一篇。",
        "文章結尾。PageDown 下一篇。",
        "End of article. PageDown for the next.",
    ),
    "article.start": ("文章开头。", "文章開頭。", "Start of article."),
    "article.heading": (
        "第{n}篇，共{total}篇：{title}",
        "第{n}篇，共{total}篇：{title}",
        "Article {n} of {total}: {title}",
    ),
    "library.last": (
        "最后一篇：{title}",
        "最後一篇：{title}",
        "Last article: {title}",
    ),
    "library.first": (
        "第一篇：{title}",
        "第一篇：{title}",
        "First article: {title}",
    ),
    "library.end": ("全部读完。", "全部讀完。", "End of the last article."),
    "paragraph.first": ("第一段：", "第一段：", "First paragraph: "),
    "paragraph.last": ("最后一段：", "最後一段：", "Last paragraph: "),
    "where": (
        "第{article}篇，共{articles}篇，{title}，第{paragraph}段，共{paragraphs}段，{percent}%",
        "第{article}篇，共{articles}篇，{title}，第{paragraph}段，共{paragraphs}段，{percent}%",
        "Article {article} of {articles}, {title}, paragraph {paragraph} of {paragraphs}, {percent} percent",
    ),
    "title.by": ("{title}，{author}", "{title}，{author}", "{title}, by {author}"),
    "play": ("朗读", "朗讀", "Reading"),
    "pause": ("暂停", "暫停", "Paused"),
    "stop": ("停止", "停止", "Stopped"),
    "rate": ("语速{rate}", "語速{rate}", "Rate {rate}"),
    "rate.fastest": ("语速{rate}，最快", "語速{rate}，最快", "Rate {rate}, fastest"),
    "rate.slowest": ("语速{rate}，最慢", "語速{rate}，最慢", "Rate {rate}, slowest"),
    "words.loading": ("词典加载中，请稍候", "詞典載入中，請稍候", "Dictionary loading, one moment"),
    "describe.none": ("没有说明", "沒有說明", "No description"),
    "large.on": ("大字模式开", "大字模式開", "Large text on"),
    "large.off": ("大字模式关", "大字模式關", "Large text off"),
    "viewer.on": ("语音记录开", "語音記錄開", "Speech viewer on"),
    "viewer.off": ("语音记录关", "語音記錄關", "Speech viewer off"),
    "variant.zh-Hans": ("简体", "簡體", "Simplified"),
    "variant.zh-Hant": ("繁体", "繁體", "Traditional"),
    "variant.zh-TW": ("台湾正体", "臺灣正體", "Taiwan Traditional"),
    "variant.zh-HK": ("香港繁体", "香港繁體", "Hong Kong Traditional"),
    "char.space": ("空格", "空格", "space"),
    # ---- bookmarks, go to, open
    "bookmark.set": ("书签已加：{where}", "書籤已加：{where}", "Bookmark set: {where}"),
    "bookmark.none": ("没有书签", "沒有書籤", "No bookmarks"),
    "bookmark.list": (
        "书签，{count}个。回车跳转，Delete 删除，Esc 返回。",
        "書籤，{count}個。Enter 跳轉，Delete 刪除，Esc 返回。",
        "Bookmarks, {count}. Enter to go, Delete to remove, Esc to go back.",
    ),
    "bookmark.item": (
        "第{article}篇第{paragraph}段：{snippet}",
        "第{article}篇第{paragraph}段：{snippet}",
        "Article {article} paragraph {paragraph}: {snippet}",
    ),
    "bookmark.removed": ("书签已删", "書籤已刪", "Bookmark removed"),
    "bookmark.stdin": (
        "标准输入不能加书签",
        "標準輸入不能加書籤",
        "No bookmarks for standard input",
    ),
    "goto.prompt": (
        "跳到百分比：输入0到100，回车确认，Esc 取消",
        "跳到百分比：輸入0到100，Enter 確認，Esc 取消",
        "Go to percent: type 0 to 100, Enter to go, Esc to cancel",
    ),
    "goto.done": ("{percent}%：{where}", "{percent}%：{where}", "{percent} percent: {where}"),
    "goto.bad": ("请输入0到100", "請輸入0到100", "Type a number from 0 to 100"),
    "open.prompt": (
        "打开文件：输入路径，回车确认，Esc 取消",
        "開啟檔案：輸入路徑，Enter 確認，Esc 取消",
        "Open file: type a path, Enter to open, Esc to cancel",
    ),
    "open.done": (
        "已打开{name}，{count}篇",
        "已開啟{name}，{count}篇",
        "Opened {name}: {count} articles",
    ),
    "open.failed": ("打不开：{error}", "打不開：{error}", "Cannot open: {error}"),
    "open.started": ("正在打开{name}…", "正在開啟{name}…", "Opening {name}…"),
    "open.still": ("还在打开…", "還在開啟…", "Still opening…"),
    "open.cancelled": ("已取消打开{name}", "已取消開啟{name}", "Stopped opening {name}"),
    "cancelled": ("已取消", "已取消", "Cancelled"),
    "input.empty": ("空", "空", "empty"),
    # ---- export (e)
    "export.title": ("导出音频", "匯出音訊", "Export audio"),
    "export.screen": (
        "导出音频。上下箭头选择，左右箭头更改，回车开始，Esc 取消。",
        "匯出音訊。上下箭頭選擇，左右箭頭變更，Enter 開始，Esc 取消。",
        "Export audio. Up and down arrows choose, left and right change, Enter starts, Esc cancels.",
    ),
    "export.row": ("{name}：{value}", "{name}：{value}", "{name}: {value}"),
    "export.scope": ("内容", "內容", "What"),
    "export.article": ("本篇，{title}", "本篇，{title}", "this article, {title}"),
    "export.library": (
        "全部{count}篇，每篇一个文件",
        "全部{count}篇，每篇一個檔案",
        "all {count} articles, a file each",
    ),
    "export.format": ("格式", "格式", "Format"),
    "export.folder": (
        "保存到：{folder}。回车更改",
        "儲存到：{folder}。Enter 變更",
        "Save in: {folder}. Enter to change",
    ),
    "export.start": ("开始导出", "開始匯出", "Start the export"),
    "export.folder_prompt": (
        "保存到哪个文件夹：输入路径，回车确认，空行用默认，Esc 取消",
        "儲存到哪個資料夾：輸入路徑，Enter 確認，空行用預設，Esc 取消",
        "Save in which folder: type a path, Enter to confirm, empty for the default, Esc to cancel",
    ),
    "export.no_folder": (
        "没有这个文件夹：{folder}",
        "沒有這個資料夾：{folder}",
        "No such folder: {folder}",
    ),
    "export.library_name": ("听读文章", "聽讀文章", "Tingdu articles"),
    "export.started": ("开始导出：{name}", "開始匯出：{name}", "Exporting: {name}"),
    "export.started_many": (
        "开始导出：{count}个文件，到{folder}",
        "開始匯出：{count}個檔案，到{folder}",
        "Exporting {count} files to {folder}",
    ),
    "export.progress": ("导出{percent}%", "匯出{percent}%", "Export {percent} percent"),
    "export.progress_files": (
        "导出{percent}%，第{track}个文件，共{tracks}个",
        "匯出{percent}%，第{track}個檔案，共{tracks}個",
        "Export {percent} percent, file {track} of {tracks}",
    ),
    "export.minutes_left": (
        "，约剩{minutes}分钟",
        "，約剩{minutes}分鐘",
        ", about {minutes} min left",
    ),
    "export.done": (
        "导出完成：{name}，在{folder}",
        "匯出完成：{name}，在{folder}",
        "Export done: {name}, in {folder}",
    ),
    "export.done_many": (
        "导出完成：{count}个文件，在{folder}",
        "匯出完成：{count}個檔案，在{folder}",
        "Export done: {count} files, in {folder}",
    ),
    "export.cancelled": ("导出已取消", "匯出已取消", "Export cancelled"),
    "export.cancelled_kept": (
        "导出已取消，保留已完成的{count}个文件",
        "匯出已取消，保留已完成的{count}個檔案",
        "Export cancelled; the {count} finished files are kept",
    ),
    "export.failed": ("导出失败：{error}", "匯出失敗：{error}", "Export failed: {error}"),
    # ---- screens
    "library.screen": (
        "文章列表，{count}篇。回车打开，Esc 返回。",
        "文章列表，{count}篇。Enter 開啟，Esc 返回。",
        "Articles, {count}. Enter to open, Esc to go back.",
    ),
    "library.item": (
        "第{n}篇：{title}{author}，{chars}字",
        "第{n}篇：{title}{author}，{chars}字",
        "{n}: {title}{author}, {chars} characters",
    ),
    "library.author": ("，{author}", "，{author}", ", {author}"),
    "help.title": ("帮助", "說明", "Help"),
    "settings.title": ("设置", "設定", "Settings"),
    "library.title": ("文章列表", "文章列表", "Articles"),
    "bookmark.title": ("书签", "書籤", "Bookmarks"),
    "help.screen": (
        "帮助。上下箭头逐项浏览，Esc 返回。",
        "說明。上下箭頭逐項瀏覽，Esc 返回。",
        "Help. Up and down arrows go through the keys, Esc goes back.",
    ),
    "help.item": ("{key}：{description}", "{key}：{description}", "{key}: {description}"),
    "help.group_item": (
        "{group}。{key}：{description}",
        "{group}。{key}：{description}",
        "{group}. {key}: {description}",
    ),
    "settings.screen": (
        "设置。上下箭头选择，左右箭头更改，Esc 返回。",
        "設定。上下箭頭選擇，左右箭頭變更，Esc 返回。",
        "Settings. Up and down arrows choose, left and right change, Esc goes back.",
    ),
    "settings.item": ("{name}：{value}", "{name}：{value}", "{name}: {value}"),
    "settings.voice": ("{variant}声音", "{variant}聲音", "{variant} voice"),
    "settings.rate": ("语速", "語速", "Rate"),
    "settings.pitch": ("音高", "音高", "Pitch"),
    "settings.volume": ("音量", "音量", "Volume"),
    "settings.ui_lang": ("界面语言", "介面語言", "Interface language"),
    "settings.punctuation": ("标点朗读", "標點朗讀", "Punctuation"),
    "settings.theme": ("配色", "配色", "Theme"),
    "settings.large_text": ("大字", "大字", "Large text"),
    "settings.zoom": ("大字倍数", "大字倍數", "Large text zoom"),
    "settings.line_spacing": ("行距", "行距", "Line spacing"),
    "settings.default_voice": ("默认", "預設", "default"),
    "on": ("开", "開", "on"),
    "off": ("关", "關", "off"),
    "punctuation.none": ("不读", "不讀", "none"),
    "punctuation.some": ("部分", "部分", "some"),
    "punctuation.all": ("全部", "全部", "all"),
    "lang.zh-Hans": ("简体中文", "簡體中文", "Simplified Chinese"),
    "lang.zh-Hant": ("繁体中文", "繁體中文", "Traditional Chinese"),
    "lang.en": ("英文", "英文", "English"),
    "theme.reader-default": ("默认", "預設", "default"),
    "theme.hc-yellow-on-black": ("黑底黄字", "黑底黃字", "yellow on black"),
    "theme.hc-white-on-black": ("黑底白字", "黑底白字", "white on black"),
    "theme.hc-black-on-white": ("白底黑字", "白底黑字", "black on white"),
    "settings.large_style": ("大字画法", "大字畫法", "Large text drawing"),
    "settings.large_plain": ("朴素大字", "樸素大字", "Plain large text"),
    "style.half": ("半格", "半格", "half blocks"),
    "style.quad": ("四分格", "四分格", "quadrants"),
    "style.sext": ("六分格", "六分格", "sextants"),
    "zoom": ("大字{zoom}级", "大字{zoom}級", "Zoom {zoom}"),
    "plain.on": ("朴素大字开", "樸素大字開", "Plain large text on"),
    "plain.off": ("朴素大字关", "樸素大字關", "Plain large text off"),
    "large.needed": ("先按 l 打开大字", "先按 l 開啟大字", "Press l for large text first"),
    "back": ("返回阅读", "返回閱讀", "Back to reading"),
    "speech_viewer.title": ("语音记录", "語音記錄", "Speech viewer"),
    "status.paragraph": (
        "第{article}/{articles}篇 · 第{paragraph}/{paragraphs}段 · {percent}% · {variant}",
        "第{article}/{articles}篇 · 第{paragraph}/{paragraphs}段 · {percent}% · {variant}",
        "Article {article}/{articles} · Paragraph {paragraph}/{paragraphs} · {percent}% · {variant}",
    ),
    # ---- problems
    "state.corrupt": (
        "{what}已损坏，已另存一份，改用默认",
        "{what}已損壞，已另存一份，改用預設",
        "The {what} file was damaged; it was set aside and defaults are used",
    ),
    "state.unreadable": (
        "无法读取{what}，改用默认",
        "無法讀取{what}，改用預設",
        "The {what} file cannot be read; defaults are used",
    ),
    "state.settings": ("设置文件", "設定檔", "settings"),
    "state.positions": ("阅读位置文件", "閱讀位置檔", "reading positions"),
    "state.bookmarks": ("书签文件", "書籤檔", "bookmarks"),
    "engine.notice": ("语音：{detail}", "語音：{detail}", "Speech: {detail}"),
    "engine.no_sound": (
        "没有声卡：静音朗读，进度照常",
        "沒有音效卡：靜音朗讀，進度照常",
        "No sound device: reading silently at normal pace",
    ),
    "engine.missing": (
        "没有语音引擎，只显示文字",
        "沒有語音引擎，只顯示文字",
        "No speech engine: text only",
    ),
    "engine.error": (
        "语音引擎出错，正在重新启动",
        "語音引擎出錯，正在重新啟動",
        "The speech engine failed; restarting it",
    ),
    "engine.hung": (
        "语音引擎没有响应，已换用新的引擎",
        "語音引擎沒有回應，已換用新的引擎",
        "The speech engine stopped responding; started a new one",
    ),
    "engine.voice_missing": (
        "所选声音不能用，改用默认声音",
        "所選聲音不能用，改用預設聲音",
        "The chosen voice cannot be used; using the default voice",
    ),
    "engine.device_restarted": (
        "声音设备中断，已重新打开，从这句接着读",
        "聲音裝置中斷，已重新開啟，從這句接著讀",
        "The sound device stopped; reopened it, reading on from this sentence",
    ),
    "engine.device_lost": (
        "声音设备断开：静音朗读，进度照常",
        "聲音裝置斷開：靜音朗讀，進度照常",
        "The sound device is gone: reading silently at normal pace",
    ),
    # ---- key groups
    "group.reading": ("朗读", "朗讀", "Reading"),
    "group.moving": ("移动", "移動", "Moving"),
    "group.info": ("信息", "資訊", "Information"),
    "group.voice": ("声音和文字", "聲音和文字", "Voice and script"),
    "group.places": ("书签和文件", "書籤和檔案", "Bookmarks and files"),
    "group.large": ("大字", "大字", "Large text"),
    "group.app": ("窗口", "視窗", "Windows"),
    # ---- key descriptions (binding ids)
    "key.play_pause": ("播放或暂停", "播放或暫停", "play or pause"),
    "key.read_on": ("从这里读下去", "從這裡讀下去", "read on from here"),
    "key.stop": ("停止", "停止", "stop"),
    "key.next_paragraph": ("下一段", "下一段", "next paragraph"),
    "key.previous_paragraph": ("上一段", "上一段", "previous paragraph"),
    "key.next_sentence": ("下一句", "下一句", "next sentence"),
    "key.previous_sentence": ("上一句", "上一句", "previous sentence"),
    "key.next_word": ("下一个词", "下一個詞", "next word"),
    "key.previous_word": ("上一个词", "上一個詞", "previous word"),
    "key.next_char": ("下一个字", "下一個字", "next character"),
    "key.previous_char": ("上一个字", "上一個字", "previous character"),
    "key.next_article": ("下一篇", "下一篇", "next article"),
    "key.previous_article": ("上一篇", "上一篇", "previous article"),
    "key.first_paragraph": ("第一段", "第一段", "first paragraph"),
    "key.last_paragraph": ("最后一段", "最後一段", "last paragraph"),
    "key.go_percent": ("跳到百分比", "跳到百分比", "go to percent"),
    "key.where_am_i": ("我在哪里", "我在哪裡", "where am I"),
    "key.read_title": ("读标题", "讀標題", "read the title"),
    "key.describe_char": (
        "说明这个字（再按：下一个说明）",
        "說明這個字（再按：下一個說明）",
        "describe the character (again: next description)",
    ),
    "key.pinyin": ("这个词的拼音", "這個詞的拼音", "pinyin of the word"),
    "key.slower": ("慢一点", "慢一點", "slower"),
    "key.faster": ("快一点", "快一點", "faster"),
    "key.next_variant": ("切换简繁", "切換簡繁", "next script variant"),
    "key.set_bookmark": ("加书签", "加書籤", "set a bookmark"),
    "key.bookmark_list": ("书签列表", "書籤列表", "bookmark list"),
    "key.open_file": ("打开文件", "開啟檔案", "open a file"),
    "key.library": ("文章列表", "文章列表", "list of articles"),
    "key.export": (
        "导出音频：本篇或全部（导出时再按：取消）",
        "匯出音訊：本篇或全部（匯出時再按：取消）",
        "export audio: this article or all (during an export: cancel it)",
    ),
    "key.large_text": ("大字开关", "大字開關", "large text on or off"),
    "key.zoom_in": ("大字放大", "大字放大", "zoom in"),
    "key.zoom_out": ("大字缩小", "大字縮小", "zoom out"),
    "key.large_style": (
        "大字画法：半格、四分格、六分格",
        "大字畫法：半格、四分格、六分格",
        "drawing style: half blocks, quadrants, sextants",
    ),
    "key.large_plain": ("朴素大字开关", "樸素大字開關", "plain large text on or off"),
    "key.contrast": ("下一种高对比配色", "下一種高對比配色", "next high-contrast theme"),
    "key.speech_viewer": ("语音记录开关", "語音記錄開關", "speech viewer on or off"),
    "key.settings": ("设置", "設定", "settings"),
    "key.help": ("帮助", "說明", "help"),
    "key.quit": ("退出（保存位置）", "退出（儲存位置）", "quit (saves your place)"),
    # ---- key names
    "keyname.space": ("空格", "空白鍵", "Space"),
    "keyname.enter": ("回车", "Enter", "Enter"),
    "keyname.escape": ("Esc", "Esc", "Esc"),
    "keyname.down": ("下箭头", "下箭頭", "Down arrow"),
    "keyname.up": ("上箭头", "上箭頭", "Up arrow"),
    "keyname.right": ("右箭头", "右箭頭", "Right arrow"),
    "keyname.left": ("左箭头", "左箭頭", "Left arrow"),
    "keyname.pagedown": ("PageDown", "PageDown", "Page Down"),
    "keyname.pageup": ("PageUp", "PageUp", "Page Up"),
    "keyname.home": ("Home", "Home", "Home"),
    "keyname.end": ("End", "End", "End"),
    "keyname.delete": ("Delete", "Delete", "Delete"),
    "keyname.full_stop": ("句点键", "句點鍵", "Period"),
    "keyname.comma": ("逗号键", "逗號鍵", "Comma"),
    "keyname.left_square_bracket": ("左方括号", "左方括號", "Left bracket"),
    "keyname.right_square_bracket": ("右方括号", "右方括號", "Right bracket"),
    "keyname.ctrl": ("Ctrl", "Ctrl", "Ctrl"),
    "keyname.plus": ("加号", "加號", "Plus"),
    "keyname.minus": ("减号", "減號", "Minus"),
    "keyname.shift": ("Shift", "Shift", "Shift"),
}


def tr(key: str, lang: str = DEFAULT_LANG, /, **fields: object) -> str:
    """The string ``key`` in ``lang`` (zh-Hans if unknown), formatted with ``fields``."""
    entry = STRINGS[key]
    index = LANGS.index(lang) if lang in LANGS else 0
    text = entry[index]
    return text.format(**fields) if fields else text


def key_name(key: str, lang: str = DEFAULT_LANG) -> str:
    """How a Textual key string (``ctrl+right``, ``B``, ``f1``) is said and shown."""
    parts = key.split("+")
    named = []
    for part in parts[:-1]:
        named.append(tr(f"keyname.{part}", lang) if f"keyname.{part}" in STRINGS else part)
    last = parts[-1]
    if f"keyname.{last}" in STRINGS:
        named.append(tr(f"keyname.{last}", lang))
    elif len(last) == 1 and last.isupper():
        named.append(f"{tr('keyname.shift', lang)}+{last}")
    elif last.startswith("f") and last[1:].isdigit():
        named.append(last.upper())
    elif named and len(last) == 1:  # a combination is written Ctrl+C, as on the key cap
        named.append(last.upper())
    else:
        named.append(last)
    return "+".join(named)
