"""Stage: personal data. Mobile and ID-card numbers in the body are reported and masked."""

from __future__ import annotations

import re

from gridnews.importer.draft import Draft, Options

_MOBILE = re.compile(r"(?<![\d])(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d])")
_ID_CARD = re.compile(
    r"(?<![\dA-Za-z])([1-9]\d{5})((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3}[\dXx])(?![\dA-Za-z])"
)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def valid_id_number(number: str) -> bool:
    """Check the last character of an 18-character resident ID number (GB 11643)."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def mask_personal_data(draft: Draft, options: Options) -> None:
    """Mask mobile numbers (138****5678) and ID numbers (510182********1234) unless --keep-pii."""
    found = {"mobile": 0, "id_card": 0}
    for block in draft.text_blocks:

        def mobile(match: re.Match[str]) -> str:
            found["mobile"] += 1
            return match.group(0) if options.keep_pii else f"{match.group(1)}****{match.group(3)}"

        def id_card(match: re.Match[str]) -> str:
            number = match.group(0)
            if not valid_id_number(number):
                return number
            found["id_card"] += 1
            return number if options.keep_pii else f"{number[:6]}********{number[-4:]}"

        block.text = _ID_CARD.sub(id_card, block.text)
        block.text = _MOBILE.sub(mobile, block.text)
    for kind, count in found.items():
        if not count:
            continue
        label = {"mobile": "mobile number", "id_card": "ID-card number"}[kind]
        action = "kept (--keep-pii)" if options.keep_pii else "masked"
        draft.warnings.append(f"{count} {label}{'s' if count > 1 else ''} in the text, {action}")
        draft.count(f"pii_{kind}", count)
