"""The few sentences an edition shows about itself, in its own script (interface text in general
comes from the message catalogs). Written for the demo and not checked by native speakers."""

from __future__ import annotations

# 示例译文，未经母语者审校
SAMPLE_NOTE = {
    "ug": "ئۈلگە تەرجىمە، ئانا تىللىق كىشى تەكشۈرۈپ باقمىغان",
    "kk": "ۇلگى اۋدارما، انا تىلدى كىسى تەكسەرمەگەن",
    "mn": "ᠵᠢᠱᠢᠶ᠎ᠡ ᠣᠷᠴᠢᠭᠤᠯᠭ᠎ᠠ᠂ ᠡᠬᠡ ᠬᠡᠯᠡᠲᠡᠨ ᠬᠢᠨᠠᠭᠠᠳᠤᠭᠠᠢ",
    "bo": "དཔེ་མཚོན་ཡིག་སྒྱུར། ཕ་སྐད་པས་ཞིབ་བཤེར་བྱས་མེད།",
    "ko": "예시 번역이며 모국어 화자의 검토를 거치지 않았습니다",
}

# 更多内容在中文版
MORE_IN_CHINESE = {
    "ug": "تېخىمۇ كۆپ مەزمۇن خەنزۇچە نەشرىدە",
    "kk": "كوبىرەك مازمۇن حانزۋشا نۇسقادا",
    "mn": "ᠨᠡᠩ ᠣᠯᠠᠨ ᠠᠭᠤᠯᠭ᠎ᠠ ᠬᠢᠲᠠᠳ ᠬᠡᠪᠯᠡᠯ ᠳᠦ ᠪᠠᠢᠨ᠎ᠠ",
    "bo": "ནང་དོན་དེ་བས་མང་བ་རྒྱ་ཡིག་པར་གཞི་ནང་ཡོད།",
    "ko": "더 많은 소식은 중국어판에 있습니다",
}
