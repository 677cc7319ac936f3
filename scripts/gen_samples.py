#!/usr/bin/env python3
# Regenerates samples/*.csv (units.csv, entities.csv, systems.csv): the sample data of syscensus.
# Deterministic (fixed seed), Python 3 standard library only. Run: python3 scripts/gen_samples.py
# Facts (province codes, merger, levels, categories, agency codes) follow /work/shared/DOMAIN.md.
# Everything else (entity H/G numbers, commune codes, contacts, systems) is invented sample data.
"""Writes samples/units.csv, samples/entities.csv and samples/systems.csv."""

import csv
import math
import os
import random
import unicodedata
from collections import Counter
from datetime import date, timedelta

SEED = 20250701
TODAY = date(2026, 11, 28)          # the "now" the sample describes
DECISION_FIRST, DECISION_LAST = date(2019, 1, 1), date(2026, 10, 31)
GO_LIVE_FIRST, GO_LIVE_LAST = date(2010, 1, 1), date(2026, 10, 31)
SAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")

ENTITY_KINDS = ["ministry", "province_committee", "department", "agency", "school", "hospital",
                "enterprise", "other"]
UNIT_COLUMNS = ["code", "name", "kind", "parent", "valid_from", "valid_to", "merged_into"]
ENTITY_COLUMNS = ["code", "name", "kind", "parent", "province", "contact_name", "contact_email",
                  "contact_phone"]
SYSTEM_COLUMNS = ["code", "name", "owner", "operator", "province", "category", "level",
                  "dossier_status", "decision_no", "decision_date", "info_types",
                  "personal_data_subjects", "internet_facing", "shared_scope", "hosting",
                  "lifecycle", "go_live", "retired_on"]

# ---------------------------------------------------------------------------------------------
# Administrative units
# ---------------------------------------------------------------------------------------------
UNITS_SINCE = "2004-01-01"
OLD_UNTIL = "2025-06-30"
NEW_SINCE = "2025-07-01"

# The 63 provincial units before 1 July 2025 (statistics codes in use since 2004).
OLD_PROVINCES = {
    "01": "Hà Nội", "02": "Hà Giang", "04": "Cao Bằng", "06": "Bắc Kạn", "08": "Tuyên Quang",
    "10": "Lào Cai", "11": "Điện Biên", "12": "Lai Châu", "14": "Sơn La", "15": "Yên Bái",
    "17": "Hòa Bình", "19": "Thái Nguyên", "20": "Lạng Sơn", "22": "Quảng Ninh",
    "24": "Bắc Giang", "25": "Phú Thọ", "26": "Vĩnh Phúc", "27": "Bắc Ninh", "30": "Hải Dương",
    "31": "Hải Phòng", "33": "Hưng Yên", "34": "Thái Bình", "35": "Hà Nam", "36": "Nam Định",
    "37": "Ninh Bình", "38": "Thanh Hóa", "40": "Nghệ An", "42": "Hà Tĩnh", "44": "Quảng Bình",
    "45": "Quảng Trị", "46": "Thừa Thiên Huế", "48": "Đà Nẵng", "49": "Quảng Nam",
    "51": "Quảng Ngãi", "52": "Bình Định", "54": "Phú Yên", "56": "Khánh Hòa",
    "58": "Ninh Thuận", "60": "Bình Thuận", "62": "Kon Tum", "64": "Gia Lai", "66": "Đắk Lắk",
    "67": "Đắk Nông", "68": "Lâm Đồng", "70": "Bình Phước", "72": "Tây Ninh",
    "74": "Bình Dương", "75": "Đồng Nai", "77": "Bà Rịa - Vũng Tàu",
    "79": "Thành phố Hồ Chí Minh", "80": "Long An", "82": "Tiền Giang", "83": "Bến Tre",
    "84": "Trà Vinh", "86": "Vĩnh Long", "87": "Đồng Tháp", "89": "An Giang",
    "91": "Kiên Giang", "92": "Cần Thơ", "93": "Hậu Giang", "94": "Sóc Trăng",
    "95": "Bạc Liêu", "96": "Cà Mau",
}
OLD_CITIES = {"01", "31", "48", "79", "92"}   # centrally-run cities before 2025

# The 34 provincial units from 1 July 2025: (code, name, kind, pre-2025 codes it covers).
NEW_PROVINCES = [
    ("01", "Hà Nội", "city", ["01"]),
    ("04", "Cao Bằng", "province", ["04"]),
    ("08", "Tuyên Quang", "province", ["08", "02"]),
    ("11", "Điện Biên", "province", ["11"]),
    ("12", "Lai Châu", "province", ["12"]),
    ("14", "Sơn La", "province", ["14"]),
    ("15", "Lào Cai", "province", ["10", "15"]),
    ("19", "Thái Nguyên", "province", ["19", "06"]),
    ("20", "Lạng Sơn", "province", ["20"]),
    ("22", "Quảng Ninh", "province", ["22"]),
    ("24", "Bắc Ninh", "province", ["24", "27"]),
    ("25", "Phú Thọ", "province", ["25", "26", "17"]),
    ("31", "Hải Phòng", "city", ["31", "30"]),
    ("33", "Hưng Yên", "province", ["33", "34"]),
    ("37", "Ninh Bình", "province", ["37", "35", "36"]),
    ("38", "Thanh Hóa", "province", ["38"]),
    ("40", "Nghệ An", "province", ["40"]),
    ("42", "Hà Tĩnh", "province", ["42"]),
    ("44", "Quảng Trị", "province", ["44", "45"]),
    ("46", "Huế", "city", ["46"]),     # one row: untouched by the merger (old name Thừa Thiên Huế)
    ("48", "Đà Nẵng", "city", ["48", "49"]),
    ("51", "Quảng Ngãi", "province", ["51", "62"]),
    ("52", "Gia Lai", "province", ["64", "52"]),
    ("56", "Khánh Hòa", "province", ["56", "58"]),
    ("66", "Đắk Lắk", "province", ["66", "54"]),
    ("68", "Lâm Đồng", "province", ["68", "67", "60"]),
    ("75", "Đồng Nai", "province", ["75", "70"]),
    ("79", "Thành phố Hồ Chí Minh", "city", ["79", "74", "77"]),
    ("80", "Tây Ninh", "province", ["72", "80"]),
    ("82", "Đồng Tháp", "province", ["87", "82"]),
    ("86", "Vĩnh Long", "province", ["86", "83", "84"]),
    ("91", "An Giang", "province", ["89", "91"]),
    ("92", "Cần Thơ", "city", ["92", "94", "93"]),
    ("96", "Cà Mau", "province", ["96", "95"]),
]
UNTOUCHED = ["01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"]

# A few commune-level units (codes invented) to show the hierarchy: (code, name, parent).
COMMUNES = [
    ("00004", "Phường Ba Đình", "01"),
    ("00070", "Phường Hoàn Kiếm", "01"),
    ("00082", "Phường Cửa Nam", "01"),
    ("00226", "Phường Đống Đa", "01"),
    ("08980", "Xã Sóc Sơn", "01"),
    ("09619", "Xã Ba Vì", "01"),
    ("19912", "Phường Thuận Hóa", "46"),
    ("19930", "Phường Phú Xuân", "46"),
    ("20026", "Phường Kim Long", "46"),
    ("31117", "Phường Ninh Kiều", "92"),
    ("31120", "Phường Cái Khế", "92"),
    ("31315", "Xã Phong Điền", "92"),
    ("31507", "Phường Sóc Trăng", "92"),
    ("26734", "Đặc khu Côn Đảo", "79"),
]
COMMUNE_KIND_BY_PREFIX = {"Phường": "ward", "Xã": "commune", "Đặc khu": "special_zone"}

# ---------------------------------------------------------------------------------------------
# Entities (owners and operators)
# ---------------------------------------------------------------------------------------------
# Ministries and ministry-level agencies: (G number, prefix, decision sign, name, mail slug, tags)
MINISTRIES = [
    ("01", "VPCP", "VPCP", "Văn phòng Chính phủ", "vpcp", {"office"}),
    ("02", "BCA", "BCA", "Bộ Công an", "mps", {"secret"}),
    ("03", "BQP", "BQP", "Bộ Quốc phòng", "mod", {"secret"}),
    ("04", "BTC", "BTC", "Bộ Tài chính", "mof", {"finance"}),
    ("05", "BYT", "BYT", "Bộ Y tế", "moh", {"health"}),
    ("06", "BGDDT", "BGDĐT", "Bộ Giáo dục và Đào tạo", "moet", {"education"}),
    ("07", "BNV", "BNV", "Bộ Nội vụ", "moha", {"home"}),
    ("08", "BTP", "BTP", "Bộ Tư pháp", "moj", {"justice"}),
    ("09", "BKHCN", "BKHCN", "Bộ Khoa học và Công nghệ", "most", {"science"}),
    ("10", "BXD", "BXD", "Bộ Xây dựng", "moc", set()),
    ("11", "BNNMT", "BNNMT", "Bộ Nông nghiệp và Môi trường", "mae", set()),
    ("12", "BCT", "BCT", "Bộ Công Thương", "moit", set()),
    ("13", "BVHTTDL", "BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", "mocst", {"culture"}),
    ("14", "NHNN", "NHNN", "Ngân hàng Nhà nước Việt Nam", "sbv", {"bank"}),
]
# Departments/agencies under ministries: (ministry prefix, NN, prefix part, decision sign,
# name, mail slug, tags); all are kind "department" except those in MINISTRY_AGENCIES.
MINISTRY_DEPTS = [
    ("BCA", "05", "C06", "C06", "Cục Cảnh sát quản lý hành chính về trật tự xã hội", "c06",
     {"residence"}),
    ("BCA", "06", "A05", "A05",
     "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "a05",
     {"secret", "it"}),
    ("BTC", "01", "CT", "CT", "Cục Thuế", "thue", {"tax"}),
    ("BTC", "02", "KBNN", "KBNN", "Kho bạc Nhà nước", "kbnn", {"treasury"}),
    ("BTC", "03", "CHQ", "CHQ", "Cục Hải quan", "haiquan", {"customs"}),
    ("BTC", "04", "CNTT", "CNTT", "Cục Công nghệ thông tin và Chuyển đổi số", "cntt", {"it"}),
    ("BGDDT", "01", "KHCNTT", "KHCNTT", "Cục Khoa học, Công nghệ và Thông tin", "khcntt",
     {"education", "it"}),
    ("BKHCN", "02", "BDTW", "BĐTW", "Cục Bưu điện Trung ương", "bdtw", {"it"}),
    ("VPCP", "01", "KSTTHC", "KSTTHC", "Cục Kiểm soát thủ tục hành chính", "kstthc", {"it"}),
    ("NHNN", "01", "CNTT", "CNTT", "Cục Công nghệ thông tin", "cntt", {"it"}),
]
MINISTRY_AGENCIES = {"KBNN"}
# Provincial People's Committees: (2025 province, H number (not the province code!), prefix,
# place as written after a system name, mail slug, phone area code)
COMMITTEES = [
    ("01", "26", "HNI", "thành phố Hà Nội", "hanoi", "024"),
    ("79", "29", "HCM", "Thành phố Hồ Chí Minh", "hochiminhcity", "028"),
    ("48", "17", "DNG", "thành phố Đà Nẵng", "danang", "0236"),
    ("31", "27", "HPG", "thành phố Hải Phòng", "haiphong", "0225"),
    ("92", "13", "CTO", "thành phố Cần Thơ", "cantho", "0292"),
    ("24", "07", "BNH", "tỉnh Bắc Ninh", "bacninh", "0204"),
    ("46", "57", "HUE", "thành phố Huế", "hue", "0234"),
    ("37", "43", "NBH", "tỉnh Ninh Bình", "ninhbinh", "0229"),
    ("40", "41", "NAN", "tỉnh Nghệ An", "nghean", "0238"),
    ("22", "49", "QNH", "tỉnh Quảng Ninh", "quangninh", "0203"),
    ("91", "01", "AGG", "tỉnh An Giang", "angiang", "0297"),
    ("66", "18", "DLK", "tỉnh Đắk Lắk", "daklak", "0262"),
]
# Kinds of provincial department: key -> (NN, decision sign, name, mail slug, tags); all are
# kind "department" except the committee's office (kind "agency").
PROVINCE_DEPT_KINDS = {
    "VP": ("01", "VP", "Văn phòng Ủy ban nhân dân", "vpubnd", {"office", "it"}),
    "SNV": ("02", "SNV", "Sở Nội vụ", "snv", {"home"}),
    "STP": ("04", "STP", "Sở Tư pháp", "stp", {"justice"}),
    "STC": ("05", "STC", "Sở Tài chính", "stc", {"finance"}),
    "SYT": ("09", "SYT", "Sở Y tế", "syt", {"health"}),
    "SGDDT": ("10", "SGDĐT", "Sở Giáo dục và Đào tạo", "sgddt", {"education"}),
    "SKHCN": ("12", "SKHCN", "Sở Khoa học và Công nghệ", "skhcn", {"science", "it"}),
    "SNNMT": ("15", "SNNMT", "Sở Nông nghiệp và Môi trường", "snnmt", {"agri_p"}),
}
# Since 2025 the Sở Khoa học và Công nghệ runs a province's shared IT: every province has one here.
PROVINCE_DEPTS = {
    "HNI": ["VP", "SNV", "STC", "SGDDT", "SKHCN"],
    "HCM": ["SYT", "SGDDT", "SKHCN"],
    "DNG": ["SKHCN"],
    "HPG": ["STC", "SKHCN"],
    "CTO": ["SKHCN", "SYT", "SNNMT"],
    "BNH": ["SKHCN"],
    "HUE": ["SYT", "SKHCN"],
    "NBH": ["STP", "SKHCN"],
    "NAN": ["SGDDT", "SKHCN"],
    "QNH": ["SYT", "SKHCN"],
    "AGG": ["SNNMT", "SKHCN"],
    "DLK": ["SKHCN"],
}
# Units beyond the State core: (committee prefix, parent dept kind, NN, kind, name, short name,
# prefix, decision sign, mail domain)
PUBLIC_UNITS = [
    ("HNI", "SGDDT", "01", "school", "Trường Trung học phổ thông Chu Văn An",
     "Trường THPT Chu Văn An", "HNI-CVA", "THPTCVA", "chuvanan.hanoi.edu.example.vn"),
    ("HCM", "SGDDT", "01", "school", "Trường Trung học phổ thông chuyên Lê Hồng Phong",
     "Trường THPT chuyên Lê Hồng Phong", "HCM-LHP", "THPTLHP",
     "lehongphong.hochiminhcity.edu.example.vn"),
    ("QNH", "SYT", "01", "hospital", "Bệnh viện Đa khoa tỉnh Quảng Ninh",
     "Bệnh viện Đa khoa tỉnh Quảng Ninh", "QNH-BVDK", "BVĐK", "bvdk.quangninh.example.vn"),
    ("CTO", "SYT", "01", "hospital", "Bệnh viện Đa khoa thành phố Cần Thơ",
     "Bệnh viện Đa khoa thành phố Cần Thơ", "CTO-BVDK", "BVĐK", "bvdk.cantho.example.vn"),
]
# One enterprise, identified by its 10-digit tax code.
ENTERPRISE = ("0100109106", "Tập đoàn Công nghiệp - Viễn thông Quân đội", "Tập đoàn Viettel",
              "VIETTEL", "VTQĐ", "viettel.example.vn", "01", "024")
NO_CONTACT = {"HPG-STC", "NAN-SGDDT", "CTO-BVDK", "DLK"}   # prefixes of rows left without contact

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
                "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Xuân"]
MALE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong",
              "Quang", "Sơn", "Thắng", "Trung", "Tuấn", "Việt"]
FEMALE_MIDDLE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh"]
FEMALE_GIVEN = ["Anh", "Chi", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân",
                "Nhung", "Phương", "Thảo", "Trang", "Uyên", "Yến"]

# ---------------------------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------------------------
N_SYSTEMS = 400
STATE = frozenset({"ministry", "mdept", "committee", "pdept"})
CENTRAL = frozenset({"ministry", "mdept"})
NON_STATE = frozenset({"school", "hospital", "enterprise"})

# Systems per owner group and category (fixed systems below included).
GROUP_CATEGORY_COUNTS = {
    "ministry": {"a": 40, "b": 16, "c": 18, "d": 2, "e": 4},      # 80  (20%)
    "mdept": {"a": 26, "b": 20, "c": 11, "d": 0, "e": 3},         # 60  (15%)
    "province": {"a": 103, "b": 78, "c": 40, "d": 10, "e": 9},    # 240 (60%)
    "other": {"a": 11, "b": 6, "c": 3, "d": 0, "e": 0},           # 20  (5%)
}
GROUP_OF_ROLE = {"ministry": "ministry", "mdept": "mdept", "committee": "province",
                 "pdept": "province", "school": "other", "hospital": "other",
                 "enterprise": "other"}
# How many generated systems of each category get each level (before the deliberate
# inconsistencies and the blanked levels below move some of them).
LEVEL_DECK = {
    "a": {1: 154, 2: 17},
    "b": {2: 96, 3: 17},
    "c": {2: 42, 3: 19},
    "d": {2: 5, 3: 7},
    "e": {1: 15, 2: 1},
}
N_BLANK_LEVEL = 15          # not yet proposed: level empty, dossier none
N_BLANK_PLANNED = 12        # ... of which planned systems
N_PLANNED = 20              # ~5%
N_RETIRED = 20              # ~5%
N_EXPLICIT_PROVINCE = 20    # ~5% with a 2025 province code written out
APPROVED_SHARE = 0.80       # of systems with a level (national figure 76.5%; see report)

# Deliberate inconsistencies ("level below what its attributes imply"): name -> how many.
MUTATIONS = {
    "b_l2_many_subjects": 8,      # level 2, >= 10,000 personal-data subjects
    "b_l1_personal": 6,           # level 1, citizen-facing with personal data
    "ab_secret_low": 3,           # level 1-2 with state secrets
    "c_shared_l2": 4,             # level 2 infrastructure shared by a province/sector
    "c_shared_l1": 3,             # level 1 infrastructure shared by a province/sector
    "c_national_l3": 3,           # level 3 with nationwide shared scope
    "a_l1_personal": 4,           # level 1 internal system holding personal data
}

# Templates: (category, level, profile, who may own it (kinds or tags), name pattern).
# The profile fixes the attributes, which imply exactly the template's level.
A_ALL = STATE | NON_STATE
TEMPLATES = [
    # a: internal operations, public information only -> level 1
    ("a", 1, "pub_int", STATE, "Hệ thống quản lý văn bản và điều hành {of}"),
    ("a", 1, "pub_net", STATE, "Hệ thống thư điện tử công vụ {of}"),
    ("a", 1, "pub_int", STATE, "Hệ thống hội nghị truyền hình trực tuyến {of}"),
    ("a", 1, "pub_int", STATE, "Hệ thống quản lý tài sản công {of}"),
    ("a", 1, "pub_int", STATE, "Phần mềm quản lý thi đua, khen thưởng {of}"),
    ("a", 1, "pub_int", STATE, "Hệ thống quản lý hồ sơ công việc {of}"),
    ("a", 1, "pub_int", STATE, "Hệ thống lịch công tác và quản lý phòng họp {of}"),
    ("a", 1, "pub_int", STATE, "Hệ thống phòng họp không giấy {of}"),
    ("a", 1, "pub_int", STATE, "Hệ thống thông tin báo cáo {of}"),
    ("a", 1, "pub_int", STATE, "Hệ thống quản lý lưu trữ hồ sơ điện tử {of}"),
    ("a", 1, "pub_int", STATE, "Trang thông tin nội bộ (Intranet) {of}"),
    ("a", 1, "pub_int", STATE, "Hệ thống theo dõi nhiệm vụ do lãnh đạo giao {of}"),
    ("a", 1, "pub_int", STATE, "Phần mềm quản lý thiết bị công nghệ thông tin {of}"),
    ("a", 1, "pub_int", {"ministry", "committee", "finance"},
     "Hệ thống quản lý kế hoạch và tiến độ dự án đầu tư công {of}"),
    ("a", 1, "pub_int", {"science"}, "Hệ thống quản lý nhiệm vụ khoa học và công nghệ {of}"),
    ("a", 1, "pub_int", {"finance"}, "Cơ sở dữ liệu giá {of}"),
    ("a", 1, "pub_int", {"health"}, "Hệ thống thống kê y tế điện tử {of}"),
    ("a", 1, "pub_int", {"education"}, "Cơ sở dữ liệu thống kê ngành giáo dục {of}"),
    ("a", 1, "pub_int", {"justice"}, "Hệ thống theo dõi tình hình thi hành pháp luật {of}"),
    ("a", 1, "pub_int", NON_STATE, "Hệ thống quản lý văn bản điện tử {of}"),
    ("a", 1, "pub_net", NON_STATE, "Hệ thống thư điện tử {of}"),
    ("a", 1, "pub_int", {"school"}, "Hệ thống quản lý thư viện {of}"),
    ("a", 1, "pub_int", {"school"}, "Hệ thống xếp thời khóa biểu {of}"),
    ("a", 1, "pub_int", {"hospital"}, "Hệ thống quản lý vật tư, trang thiết bị y tế {of}"),
    ("a", 1, "pub_int", {"hospital"}, "Hệ thống quản lý kho dược {of}"),
    # a: private or a few personal records -> level 2
    ("a", 2, "hr", STATE, "Hệ thống quản lý cán bộ, công chức, viên chức {of}"),
    ("a", 2, "priv_int", STATE, "Hệ thống quản lý tài chính kế toán {of}"),
    ("a", 2, "hr", STATE, "Phần mềm quản lý tiền lương {of}"),
    ("a", 2, "priv_int", STATE, "Hệ thống quản lý thanh tra, kiểm tra {of}"),
    ("a", 2, "hr", STATE, "Hệ thống tiếp nhận, xử lý đơn thư khiếu nại, tố cáo {of}"),
    ("a", 2, "priv_int", {"committee"}, "Trung tâm giám sát, điều hành thông minh (IOC) {of}"),
    ("a", 2, "priv_int", {"finance"}, "Hệ thống quản lý ngân sách {of}"),
    ("a", 2, "priv_int", {"enterprise"}, "Hệ thống quản trị nguồn lực doanh nghiệp (ERP) {of}"),
    ("a", 2, "hr", {"school"}, "Hệ thống quản lý học sinh {of}"),
    ("a", 2, "hr", {"hospital"}, "Hệ thống quản lý nhân sự {of}"),
    # b: citizen-facing, few or no personal records -> level 2
    ("b", 2, "portal", {"ministry", "committee", "enterprise"}, "Cổng thông tin điện tử {of}"),
    ("b", 2, "portal", {"mdept", "pdept", "school", "hospital"}, "Trang thông tin điện tử {of}"),
    ("b", 2, "cit_small", STATE, "Hệ thống tiếp nhận, trả lời phản ánh, kiến nghị {of}"),
    ("b", 2, "portal", {"ministry", "committee"}, "Cổng dữ liệu mở {of}"),
    ("b", 2, "cit_small", STATE,
     "Hệ thống khảo sát sự hài lòng của người dân, doanh nghiệp {of}"),
    ("b", 2, "cit_small", {"ministry", "committee", "home"},
     "Hệ thống thi tuyển, xét tuyển công chức trực tuyến {of}"),
    ("b", 2, "portal", {"ministry", "committee", "justice"},
     "Hệ thống lấy ý kiến dự thảo văn bản quy phạm pháp luật {of}"),
    ("b", 2, "cit_small", {"mdept", "pdept"}, "Hệ thống một cửa điện tử {of}"),
    ("b", 2, "portal", STATE, "Hệ thống tra cứu hồ sơ thủ tục hành chính {of}"),
    ("b", 2, "cit_small", {"mdept", "pdept"}, "Hệ thống dịch vụ công trực tuyến {of}"),
    ("b", 2, "cit_small", {"health"},
     "Hệ thống cấp phép hành nghề khám bệnh, chữa bệnh trực tuyến {of}"),
    ("b", 2, "portal", {"finance", "treasury"}, "Hệ thống công khai ngân sách {of}"),
    ("b", 2, "portal", {"culture"}, "Cổng thông tin du lịch quốc gia"),
    ("b", 2, "cit_small", {"hospital"}, "Hệ thống đặt lịch khám bệnh trực tuyến {of}"),
    ("b", 2, "cit_small", {"school"}, "Hệ thống tra cứu kết quả học tập {of}"),
    # b: citizen-facing with >= 10,000 personal-data subjects -> level 3
    ("b", 3, "cit_large", {"committee"}, "Hệ thống thông tin giải quyết thủ tục hành chính {of}"),
    ("b", 3, "cit_large", {"committee"}, "Hệ thống tổng đài dịch vụ công 1022 {of}"),
    ("b", 3, "cit_large", {"ministry"}, "Cổng dịch vụ công {of}"),
    ("b", 3, "cit_large", {"tax"}, "Hệ thống hóa đơn điện tử"),
    ("b", 3, "cit_large", {"tax"}, "Hệ thống thuế điện tử (eTax)"),
    ("b", 3, "cit_large", {"customs"}, "Hệ thống thông quan điện tử VNACCS/VCIS"),
    ("b", 3, "cit_large", {"residence"}, "Hệ thống quản lý cư trú"),
    ("b", 3, "cit_large", {"justice"}, "Cơ sở dữ liệu hộ tịch điện tử {of}"),
    ("b", 3, "cit_large", {"justice"}, "Hệ thống cấp phiếu lý lịch tư pháp trực tuyến {of}"),
    ("b", 3, "cit_large", {"health"}, "Hệ thống quản lý hồ sơ sức khỏe điện tử {of}"),
    ("b", 3, "cit_large", {"education"}, "Hệ thống tuyển sinh trực tuyến {of}"),
    ("b", 3, "cit_large", {"bank"}, "Hệ thống thông tin tín dụng quốc gia"),
    # c: infrastructure for one agency -> level 2
    ("c", 2, "infra_agency", A_ALL, "Mạng nội bộ (LAN) trụ sở {of}"),
    ("c", 2, "infra_agency", A_ALL, "Hệ thống máy chủ và lưu trữ dữ liệu {of}"),
    ("c", 2, "infra_agency", STATE, "Hệ thống sao lưu, dự phòng dữ liệu {of}"),
    ("c", 2, "infra_agency", STATE, "Hệ thống tường lửa và phòng, chống mã độc {of}"),
    ("c", 2, "infra_agency", STATE, "Hệ thống xác thực tập trung (SSO) {of}"),
    ("c", 2, "infra_agency", STATE,
     "Hệ thống kết nối mạng truyền số liệu chuyên dùng {of}"),
    ("c", 2, "infra_agency", STATE, "Hệ thống giám sát an toàn thông tin nội bộ {of}"),
    # c: infrastructure shared by a province or a sector -> level 3
    ("c", 3, "infra_shared", {"ministry", "mdept", "committee"}, "Trung tâm dữ liệu {of}"),
    ("c", 3, "infra_shared", {"ministry", "mdept", "committee"}, "Mạng diện rộng (WAN) {of}"),
    ("c", 3, "infra_shared", {"committee"},
     "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) {of}"),
    ("c", 3, "infra_shared", {"ministry", "mdept"},
     "Nền tảng tích hợp, chia sẻ dữ liệu {of}"),
    ("c", 3, "infra_shared", {"ministry"}, "Hệ thống chữ ký số chuyên dùng {of}"),
    ("c", 3, "infra_shared", {"ministry", "mdept", "committee"},
     "Trung tâm giám sát, điều hành an toàn, an ninh mạng (SOC) {of}"),
    ("c", 3, "infra_shared", {"committee", "science"},
     "Nền tảng điện toán đám mây dùng chung {of}"),
    # d: industrial control, small works -> level 2; grade II-IV works -> level 3
    ("d", 2, "ics", {"committee", "agri_p"}, "Hệ thống điều khiển đèn tín hiệu giao thông {of}"),
    ("d", 2, "ics", {"committee", "agri_p"}, "Hệ thống quan trắc môi trường tự động {of}"),
    ("d", 2, "ics", {"committee"}, "Hệ thống điều khiển chiếu sáng công cộng {of}"),
    ("d", 2, "ics", {"committee", "agri_p"}, "Hệ thống quan trắc mực nước, cảnh báo ngập {of}"),
    ("d", 3, "ics", {"committee", "agri_p"}, "Hệ thống giám sát SCADA trạm bơm tiêu {of}"),
    ("d", 3, "ics", {"committee", "agri_p"}, "Hệ thống SCADA vận hành cống kiểm soát mặn {of}"),
    ("d", 3, "ics", {"committee", "agri_p"}, "Hệ thống điều khiển vận hành hồ chứa nước {of}"),
    ("d", 3, "ics", {"committee"}, "Hệ thống SCADA giám sát cấp nước sạch {of}"),
    ("d", 3, "ics", {"BNNMT"}, "Hệ thống giám sát SCADA hệ thống thủy lợi Bắc Hưng Hải"),
    ("d", 2, "ics", {"BNNMT"},
     "Hệ thống quan trắc, giám sát vận hành liên hồ chứa lưu vực sông Hồng"),
    # e: other
    ("e", 1, "other_pub", STATE, "Hệ thống camera giám sát an ninh trụ sở {of}"),
    ("e", 1, "other_pub", STATE, "Thư viện điện tử {of}"),
    ("e", 1, "other_pub", STATE, "Hệ thống quản lý xe công {of}"),
    ("e", 1, "other_pub", STATE, "Hệ thống đào tạo trực tuyến (E-learning) {of}"),
    ("e", 1, "other_pub", STATE, "Hệ thống bản đồ số (GIS) {of}"),
    ("e", 1, "other_pub", STATE, "Hệ thống màn hình thông tin điện tử tại trụ sở {of}"),
    ("e", 2, "other_personal", STATE, "Hệ thống kiểm soát ra vào trụ sở {of}"),
]

# Hand-written systems: national ones (levels 4-5), names exercising CSV quoting, systems of
# merged provinces still recorded under their pre-2025 code, and a few state-secret systems.
# (owner prefix, category, level, name, info types, subjects, scope, internet, hosting, extras)
FIXED_SYSTEMS = [
    ("BCA", "c", 5, "Cơ sở dữ liệu quốc gia về dân cư", "private|personal|state_secret",
     5000000, "national", "no", "on_premises",
     dict(operator="BCA-C06", go_live="2021-07-01", decision_sign="TTg")),
    ("BTC", "c", 5, "Cổng kết nối quốc tế của Cơ chế một cửa quốc gia, Cơ chế một cửa ASEAN",
     "private", None, "national", "yes", "on_premises",
     dict(operator="BTC-CHQ", go_live="2018-01-01", decision_sign="TTg")),
    ("VPCP", "b", 4, "Cổng Dịch vụ công quốc gia", "public|personal", 5000000, "national",
     "yes", "on_premises", dict(operator="VPCP-KSTTHC", go_live="2019-12-09")),
    ("VPCP", "c", 4, "Trục liên thông văn bản quốc gia", "private", None, "national", "no",
     "on_premises", dict(go_live="2019-03-12")),
    ("NHNN", "c", 4, "Hệ thống thanh toán điện tử liên ngân hàng", "private", None, "national",
     "no", "on_premises", dict(go_live="2012-06-04")),
    ("BKHCN", "c", 4, "Mạng truyền số liệu chuyên dùng của các cơ quan Đảng, Nhà nước",
     "public|private", None, "national", "no", "on_premises",
     dict(operator="BKHCN-BDTW", go_live="2010-06-01")),
    ("HNI", "b", 3, 'Ứng dụng "iHanoi"', "public|personal", 1200000, "province", "yes",
     "gov_cloud", dict(go_live="2024-01-15")),
    ("HCM", "b", 3, 'Ứng dụng "Công dân số" Thành phố Hồ Chí Minh', "public|personal", 2400000,
     "province", "yes", "gov_cloud", dict(go_live="2023-11-20")),
    ("DNG", "b", 3, 'Ứng dụng "Danang Smart City"', "public|personal", 650000, "", "yes",
     "commercial_cloud", dict(go_live="2019-04-01")),
    ("QNH", "a", 1, 'Hệ thống "Trợ lý ảo" hỗ trợ cán bộ, công chức tỉnh Quảng Ninh', "public",
     None, "", "no", "commercial_cloud", dict(go_live="2024-09-09")),
    ("BQP", "a", 3, "Hệ thống quản lý văn bản mật Bộ Quốc phòng", "private|state_secret", None,
     "sector", "no", "on_premises", dict(go_live="2017-05-02")),
    ("BCA", "a", 3, "Hệ thống thư điện tử mật Bộ Công an", "private|state_secret", None,
     "sector", "no", "on_premises", dict(go_live="2016-09-01")),
    ("BCA", "c", 3, "Trung tâm dữ liệu Bộ Công an", "private|personal|state_secret", 850000,
     "sector", "no", "on_premises", dict(operator="BCA-A05", go_live="2015-11-02")),
    ("BQP", "c", 3, "Mạng diện rộng (WAN) Bộ Quốc phòng", "private|state_secret", None,
     "sector", "no", "on_premises", dict(go_live="2013-04-22")),
    ("HNI-SNV", "a", 3, "Cơ sở dữ liệu cán bộ, công chức, viên chức thành phố Hà Nội",
     "private|personal", 146000, "province", "no", "gov_cloud", dict(go_live="2020-10-01")),
    ("HCM", "a", 3, "Cơ sở dữ liệu cán bộ, công chức, viên chức Thành phố Hồ Chí Minh",
     "private|personal", 182000, "province", "no", "gov_cloud", dict(go_live="2021-03-15")),
    ("QNH-BVDK", "a", 3, "Hệ thống thông tin bệnh viện (HIS) Bệnh viện Đa khoa tỉnh Quảng Ninh",
     "private|personal", 380000, "agency", "no", "on_premises", dict(go_live="2018-03-01")),
    ("CTO-BVDK", "a", 3, "Hệ thống thông tin bệnh viện (HIS) Bệnh viện Đa khoa thành phố Cần Thơ",
     "private|personal", 240000, "agency", "no", "on_premises", dict(go_live="2020-01-06")),
    ("BTC", "c", 3, "Trung tâm dữ liệu dự phòng Bộ Tài chính tại Thành phố Hồ Chí Minh",
     "public|private", None, "sector", "no", "on_premises",
     dict(province="79", go_live="2020-08-01")),
    # pre-2025 province codes: roll up to the 2025 province of the owner
    ("HCM", "b", 2, "Cổng thông tin điện tử tỉnh Bình Dương", "public", None, "", "yes",
     "on_premises", dict(province="74", go_live="2014-03-01", retired_on="2025-09-30")),
    ("HCM", "c", 3, "Trung tâm dữ liệu tỉnh Bà Rịa - Vũng Tàu", "public|private", None,
     "province", "no", "on_premises", dict(province="77", go_live="2021-06-15")),
    ("HPG", "a", 1, "Hệ thống quản lý văn bản và điều hành tỉnh Hải Dương", "public", None, "",
     "no", "on_premises", dict(province="30", go_live="2016-04-01", retired_on="2025-10-15")),
    ("DNG", "b", 3, "Cổng dịch vụ công tỉnh Quảng Nam", "public|personal", 420000, "province",
     "yes", "on_premises", dict(province="49", go_live="2018-12-20", retired_on="2025-08-31")),
    ("CTO", "b", 2, "Hệ thống một cửa điện tử tỉnh Sóc Trăng", "public|personal", 8600, "",
     "yes", "gov_cloud", dict(province="94", go_live="2019-07-01")),
    ("CTO", "a", 1, "Hệ thống thư điện tử công vụ tỉnh Hậu Giang", "public", None, "", "yes",
     "on_premises", dict(province="93", go_live="2015-01-05")),
    ("NBH", "c", 3, "Mạng diện rộng (WAN) tỉnh Nam Định", "public|private", None, "province",
     "no", "on_premises", dict(province="36", go_live="2017-10-10")),
    ("BNH", "c", 3, "Trung tâm dữ liệu tỉnh Bắc Ninh (trước sáp nhập)", "public|private", None,
     "province", "no", "on_premises", dict(province="27", go_live="2020-05-19")),
]


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def nfc(value):
    """Text in NFC; None becomes the empty string."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value))


def write_csv(name, columns, rows):
    path = os.path.join(SAMPLES_DIR, name)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            assert set(row) == set(columns), (name, sorted(set(row) ^ set(columns)))
            writer.writerow([nfc(row[c]) for c in columns])
    return path


def random_date(rng, first, last):
    return first + timedelta(days=rng.randint(0, (last - first).days))


def log_uniform(rng, low, high):
    """A count spread evenly over orders of magnitude (rounded to hundreds from 1,000)."""
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    return int(round(value, -2 if low >= 1000 else 0))


def weighted(rng, options):
    """options: list of (value, weight)."""
    values, weights = zip(*options)
    return rng.choices(values, weights=weights, k=1)[0]


# ---------------------------------------------------------------------------------------------
# units.csv
# ---------------------------------------------------------------------------------------------
def build_units():
    rows = []
    covered = []
    for code, name, kind, old_codes in NEW_PROVINCES:
        if code in UNTOUCHED:
            assert old_codes == [code]
            rows.append(unit_row(code, name, kind, "", UNITS_SINCE, "", ""))
            covered.append(code)
            continue
        assert len(old_codes) >= 2 and code in old_codes
        for old in old_codes:
            old_kind = "city" if old in OLD_CITIES else "province"
            rows.append(unit_row(old, OLD_PROVINCES[old], old_kind, "", UNITS_SINCE, OLD_UNTIL,
                                 code))
            covered.append(old)
        rows.append(unit_row(code, name, kind, "", NEW_SINCE, "", ""))
    assert sorted(covered) == sorted(OLD_PROVINCES) and len(covered) == 63
    assert len(NEW_PROVINCES) == 34 and len(UNTOUCHED) == 11
    assert sum(1 for r in rows if r["valid_from"] == NEW_SINCE) == 23
    assert sum(1 for r in rows if r["valid_to"] == OLD_UNTIL) == 52
    assert len(rows) == 86
    assert sum(1 for p in NEW_PROVINCES if p[2] == "city") == 6
    rows.sort(key=lambda r: (r["code"], r["valid_from"]))
    new_codes = {p[0] for p in NEW_PROVINCES}
    for code, name, parent in COMMUNES:
        assert parent in new_codes and len(code) == 5 and code.isdigit()
        kind = next(k for prefix, k in COMMUNE_KIND_BY_PREFIX.items()
                    if name.startswith(prefix + " "))
        rows.append(unit_row(code, name, kind, parent, NEW_SINCE, "", ""))
    keys = [(r["code"], r["valid_from"]) for r in rows]
    assert len(keys) == len(set(keys))
    return rows


def unit_row(code, name, kind, parent, valid_from, valid_to, merged_into):
    return dict(code=code, name=name, kind=kind, parent=parent, valid_from=valid_from,
                valid_to=valid_to, merged_into=merged_into)


def current_province_codes():
    return {p[0] for p in NEW_PROVINCES}


def roll_up(code):
    """2025 province of a pre-2025 province code (through merged_into)."""
    return next(new for new, _, _, old_codes in NEW_PROVINCES if code in old_codes)


# ---------------------------------------------------------------------------------------------
# entities.csv
# ---------------------------------------------------------------------------------------------
class Entity:
    """An owner/operator. kind is what entities.csv says; role is its place in this generator
    (ministry, mdept, committee, pdept, school, hospital, enterprise)."""

    def __init__(self, code, name, kind, role, parent, province, prefix, sign, of, mail, tags,
                 area="024"):
        self.code, self.name, self.kind, self.role, self.parent = code, name, kind, role, parent
        self.province, self.prefix, self.sign, self.of = province, prefix, sign, of
        self.mail, self.area = mail, area
        self.tags = frozenset(tags) | {role, prefix}
        self.group = GROUP_OF_ROLE[role]
        self.children = []


def build_entities():
    """Entities in display order (parents before children); returns (list, by prefix)."""
    ents = []
    by_prefix = {}

    def add(entity):
        assert entity.prefix not in by_prefix
        ents.append(entity)
        by_prefix[entity.prefix] = entity
        entity.parent_entity = None
        if entity.parent:
            entity.parent_entity = next(e for e in ents if e.code == entity.parent)
            entity.parent_entity.children.append(entity)

    for gnn, prefix, sign, name, slug, tags in MINISTRIES:
        add(Entity(f"000.00.00.G{gnn}", name, "ministry", "ministry", "", "01", prefix, sign,
                   name,
                   f"{slug}.example.vn", tags))
        for mprefix, nn, part, dsign, dname, dslug, dtags in MINISTRY_DEPTS:
            if mprefix == prefix:
                kind = "agency" if part in MINISTRY_AGENCIES else "department"
                of = f"{dname} {name}" if part == "CNTT" else dname     # generic names
                add(Entity(f"000.00.{nn}.G{gnn}", dname, kind, "mdept", f"000.00.00.G{gnn}", "01",
                           f"{prefix}-{part}", dsign, of, f"{dslug}.{slug}.example.vn", dtags))
    for province, hnn, prefix, place, slug, area in COMMITTEES:
        code = f"000.00.00.H{hnn}"
        add(Entity(code, f"Ủy ban nhân dân {place}", "province_committee", "committee", "",
                   province, prefix, "UBND", place, f"{slug}.example.vn", set(), area))
        for key in PROVINCE_DEPTS.get(prefix, []):
            nn, sign, dname, dslug, tags = PROVINCE_DEPT_KINDS[key]
            kind = "agency" if key == "VP" else "department"
            add(Entity(f"000.00.{nn}.H{hnn}", f"{dname} {place}", kind, "pdept", code, province,
                       f"{prefix}-{key}", sign, f"{dname} {place}",
                       f"{dslug}.{slug}.example.vn", tags, area))
            for (cprefix, dkey, unn, kind, uname, short, uprefix, usign,
                 umail) in PUBLIC_UNITS:
                if cprefix == prefix and dkey == key:
                    add(Entity(f"000.{unn}.{nn}.H{hnn}", uname, kind, kind, f"000.00.{nn}.H{hnn}",
                               province, uprefix, usign, short, umail, set(), area))
    tax, name, short, prefix, sign, mail, province, area = ENTERPRISE
    add(Entity(tax, name, "enterprise", "enterprise", "", province, prefix, sign, short, mail,
               set(), area))
    return ents, by_prefix


def contact_for(rng, entity, used_names):
    if entity.prefix in NO_CONTACT:
        return "", "", ""
    while True:
        if rng.random() < 0.5:
            person = (f"{rng.choice(FAMILY_NAMES)} {rng.choice(MALE_MIDDLE)} "
                      f"{rng.choice(MALE_GIVEN)}")
        else:
            person = (f"{rng.choice(FAMILY_NAMES)} {rng.choice(FEMALE_MIDDLE)} "
                      f"{rng.choice(FEMALE_GIVEN)}")
        if person not in used_names:
            used_names.add(person)
            break
    area = entity.area
    if len(area) == 3:      # Hà Nội, Hồ Chí Minh: 8-digit subscriber numbers
        phone = f"{area} 3{rng.randint(100, 999)} {rng.randint(0, 9999):04d}"
    else:
        phone = f"{area} 3{rng.randint(100, 999)} {rng.randint(0, 999):03d}"
    return person, f"cntt@{entity.mail}", phone


def entity_rows(rng, ents):
    used = set()
    rows = []
    for e in ents:
        person, mail, phone = contact_for(rng, e, used)
        rows.append(dict(code=e.code, name=e.name, kind=e.kind, parent=e.parent,
                         province=e.province, contact_name=person, contact_email=mail,
                         contact_phone=phone))
    return rows


def check_entities(ents):
    codes = [e.code for e in ents]
    assert len(codes) == len(set(codes)), "duplicate entity code"
    seen = set()
    provinces = current_province_codes()
    for e in ents:
        assert not e.parent or e.parent in seen, f"parent after child: {e.code}"
        assert e.province in provinces
        seen.add(e.code)
    roles = Counter(e.role for e in ents)
    assert 11 <= roles["ministry"] <= 15 and 6 <= roles["mdept"] <= 10
    assert roles["committee"] == 12 and 18 <= roles["pdept"] <= 26
    assert roles["school"] == 2 and roles["hospital"] == 2 and roles["enterprise"] == 1
    assert all(e.kind in ENTITY_KINDS for e in ents)
    committee_numbers = [e.code[-3:] for e in ents if e.role == "committee"]
    assert len(set(committee_numbers)) == len(committee_numbers)
    covered = {e.province for e in ents}
    assert len(covered) >= 12 and {"01", "79", "48", "31", "92", "24", "46"} <= covered


# ---------------------------------------------------------------------------------------------
# systems.csv
# ---------------------------------------------------------------------------------------------
def eligible(entity, template):
    category, _, profile, who, _ = template
    if entity.role == "mdept" and "it" in entity.tags and category == "b" and profile != "portal":
        return False        # a ministry's IT department serves no citizens directly
    return bool(entity.tags & frozenset(who))


def profile_attributes(rng, profile, owner):
    """info types, subjects, scope, internet for a template profile (consistent with its level)."""
    provincial = owner.group == "province"
    if profile in ("pub_int", "pub_net"):
        internet = "yes" if profile == "pub_net" or rng.random() < 0.15 else "no"
        return "public", None, weighted(rng, [("", 6), ("agency", 4)]), internet
    if profile == "priv_int":
        info = weighted(rng, [("private", 5), ("public|private", 5)])
        return info, None, weighted(rng, [("", 5), ("agency", 5)]), \
            "yes" if rng.random() < 0.1 else "no"
    if profile == "hr":
        high = {"ministry": 6000, "mdept": 9000, "committee": 4000}.get(owner.role, 1500)
        low = 1200 if owner.role == "school" else 40
        high = max(high, low + 100)
        return "private|personal", log_uniform(rng, low, high), \
            weighted(rng, [("", 5), ("agency", 5)]), "no"
    if profile == "portal":
        return "public", None, "", "yes"
    if profile == "cit_small":
        return "public|personal", log_uniform(rng, 300, 9500), \
            weighted(rng, [("", 7), ("agency", 3)]), "yes" if rng.random() < 0.95 else "no"
    if profile == "cit_large":
        low, high = (20000, 2000000) if provincial else (200000, 5000000)
        info = weighted(rng, [("public|personal", 6), ("public|private|personal", 4)])
        scope = "province" if owner.role == "committee" and rng.random() < 0.5 else ""
        return info, log_uniform(rng, low, high), scope, "yes"
    if profile == "infra_agency":
        return weighted(rng, [("private", 5), ("public|private", 5)]), None, "agency", "no"
    if profile == "infra_shared":
        scope = "sector" if owner.group in ("ministry", "mdept") else "province"
        return "public|private", None, scope, "no"
    if profile == "ics":
        return "private", None, weighted(rng, [("", 5), ("agency", 5)]), "no"
    if profile == "other_pub":
        return "public", None, "", "yes" if rng.random() < 0.3 else "no"
    if profile == "other_personal":
        return "private|personal", log_uniform(rng, 80, 2500), "agency", "no"
    raise ValueError(profile)


def security_force(owner):
    """Public Security and Defence (and their departments) keep systems off commercial clouds."""
    parent = owner.parent_entity
    return "secret" in owner.tags or (parent is not None and "secret" in parent.tags)


def choose_hosting(rng, category, info, owner):
    if "state_secret" in info or category == "d":
        return "on_premises"
    if security_force(owner):
        return weighted(rng, [("on_premises", 8), ("gov_cloud", 2)])
    if category == "c":
        return weighted(rng, [("on_premises", 8), ("gov_cloud", 2)])
    if category == "b":
        return weighted(rng, [("on_premises", 45), ("gov_cloud", 35), ("commercial_cloud", 20)])
    return weighted(rng, [("on_premises", 55), ("gov_cloud", 30), ("commercial_cloud", 15)])


def deal_level_deck(rng, slots):
    """Per category, a shuffled list of levels whose counts are LEVEL_DECK's."""
    decks = {}
    for cat, counts in LEVEL_DECK.items():
        deck = [lvl for lvl, n in counts.items() for _ in range(n)]
        rng.shuffle(deck)
        decks[cat] = deck
    need = Counter(cat for _, cat in slots)
    for cat in LEVEL_DECK:
        assert len(decks[cat]) == need[cat], (cat, len(decks[cat]), need[cat])
    return decks


def generated_slots(fixed):
    """(group, category) for every system not written by hand."""
    slots = []
    fixed_count = Counter((s["owner_entity"].group, s["category"]) for s in fixed)
    for group, counts in GROUP_CATEGORY_COUNTS.items():
        for cat, n in counts.items():
            left = n - fixed_count[(group, cat)]
            assert left >= 0, (group, cat)
            slots += [(group, cat)] * left
    assert len(slots) + len(fixed) == N_SYSTEMS
    return slots


def affinity(entity, cat):
    """How strongly an owner attracts systems of a category within its group."""
    if entity.role == "committee":     # the committee is the legal owner of most provincial IS
        return {"a": 1.8, "b": 2.0, "c": 4.0, "d": 3.0, "e": 1.5}[cat]
    if entity.role == "pdept":     # the IT department mostly operates what others own
        return {"a": 1.0, "b": 1.0, "c": 0.4, "d": 1.0, "e": 1.0}[cat] * (
            0.15 if "it" in entity.tags else 1.0)
    if entity.role == "ministry" and entity.children:
        return 4.0
    return 1.0


def assign_generated(rng, slots, ents, used_templates, counts):
    """Pick owner and template for every generated slot; the level comes from the deck."""
    decks = deal_level_deck(rng, slots)
    order = {"other": 0, "mdept": 1, "ministry": 2, "province": 3}
    cat_order = {"d": 0, "c": 1, "b": 2, "e": 3, "a": 4}
    slots = sorted(slots, key=lambda s: (order[s[0]], cat_order[s[1]], rng.random()))
    out = []
    for group, cat in slots:
        owners = [e for e in ents if e.group == group]
        deck = decks[cat]
        picked = None
        for i, level in enumerate(deck):
            options = []
            for owner in owners:
                temps = [t for t in TEMPLATES if t[0] == cat and t[1] == level
                         and eligible(owner, t) and (owner.prefix, t[4]) not in used_templates]
                if temps:
                    options.append((owner, temps))
            if options:
                weights = [affinity(o, cat) / (1 + counts[o.prefix]) ** 1.5 for o, _ in options]
                owner, temps = rng.choices(options, weights=weights, k=1)[0]
                picked = (owner, rng.choice(temps))
                del deck[i]
                break
        assert picked, f"no template left for {group}/{cat} with levels {sorted(set(deck))}"
        owner, template = picked
        used_templates.add((owner.prefix, template[4]))
        counts[owner.prefix] += 1
        out.append((owner, template))
    return out


def new_system(owner, cat, level, name, info, subjects, scope, internet, hosting):
    return dict(owner_entity=owner, category=cat, level=level, name=name, info=info,
                subjects=subjects, scope=scope, internet=internet, hosting=hosting,
                operator=None, province="", lifecycle=None, go_live=None, retired_on=None,
                status=None, decision_sign=None, fixed=False, mutation=None)


def build_systems(rng, ents, by_prefix):
    fixed = []
    used_templates = set()
    counts = Counter()
    for owner_prefix, cat, level, name, info, subjects, scope, internet, hosting, extra \
            in FIXED_SYSTEMS:
        s = new_system(by_prefix[owner_prefix], cat, level, name, info, subjects, scope,
                       internet, hosting)
        s["fixed"] = True
        s["operator"] = extra.get("operator")
        s["province"] = extra.get("province", "")
        s["go_live"] = date.fromisoformat(extra["go_live"])
        if "retired_on" in extra:
            s["retired_on"] = date.fromisoformat(extra["retired_on"])
            s["lifecycle"] = "retired"
        else:
            s["lifecycle"] = "operating"
        s["decision_sign"] = extra.get("decision_sign")
        counts[owner_prefix] += 1
        fixed.append(s)
        for template in TEMPLATES:      # a template the fixed system already is: not again
            if template[4].format(of=s["owner_entity"].of) == name:
                used_templates.add((owner_prefix, template[4]))

    systems = list(fixed)
    for owner, (cat, level, profile, who, pattern) in assign_generated(
            rng, generated_slots(fixed), ents, used_templates, counts):
        info, subjects, scope, internet = profile_attributes(rng, profile, owner)
        name = pattern.format(of=owner.of)
        s = new_system(owner, cat, level, name, info, subjects, scope, internet,
                       choose_hosting(rng, cat, info, owner))
        s["profile"], s["who"] = profile, who
        systems.append(s)

    apply_mutations(rng, systems)
    assign_lifecycle(rng, systems)
    assign_dossiers(rng, systems)
    assign_operators(rng, systems, by_prefix)
    assign_explicit_provinces(rng, systems)
    assign_codes(rng, systems, ents)
    return systems


def pick(rng, systems, n, condition, mutation):
    """Mark n random not-yet-touched generated systems that satisfy condition."""
    pool = [s for s in systems if not s["fixed"] and s["mutation"] is None and condition(s)]
    assert len(pool) >= n, f"only {len(pool)} candidates for {mutation}"
    chosen = rng.sample(pool, n)
    for s in chosen:
        s["mutation"] = mutation
    return chosen


def apply_mutations(rng, systems):
    """Make some systems deliberately inconsistent (level below what the attributes imply)."""
    m = MUTATIONS
    for s in pick(rng, systems, m["b_l2_many_subjects"],
                  lambda s: s["category"] == "b" and s["level"] == 2
                  and s["profile"] == "cit_small", "b_l2_many_subjects"):
        s["subjects"] = log_uniform(rng, 12000, 400000)
    for s in pick(rng, systems, m["b_l1_personal"],
                  lambda s: s["category"] == "b" and s["level"] == 2
                  and s["profile"] == "cit_small", "b_l1_personal"):
        s["level"] = 1
    for s in pick(rng, systems, m["ab_secret_low"],
                  lambda s: s["category"] == "a" and s["level"] in (1, 2)
                  and "secret" in s["owner_entity"].tags, "ab_secret_low"):
        s["info"] = "private|state_secret" if s["level"] == 1 else s["info"] + "|state_secret"
        s["info"] = "|".join(t for t in ("public", "private", "personal", "state_secret")
                             if t in s["info"].split("|"))
        s["hosting"], s["internet"] = "on_premises", "no"
    for s in pick(rng, systems, m["c_national_l3"],
                  lambda s: s["category"] == "c" and s["level"] == 3
                  and s["scope"] == "sector", "c_national_l3"):
        s["scope"] = "national"
    for s in pick(rng, systems, m["c_shared_l2"],
                  lambda s: s["category"] == "c" and s["level"] == 3
                  and s["scope"] in ("province", "sector"), "c_shared_l2"):
        s["level"] = 2
    for s in pick(rng, systems, m["c_shared_l1"],
                  lambda s: s["category"] == "c" and s["level"] == 3
                  and s["scope"] in ("province", "sector"), "c_shared_l1"):
        s["level"] = 1
    for s in pick(rng, systems, m["a_l1_personal"],
                  lambda s: s["category"] == "a" and s["level"] == 1
                  and s["profile"] == "pub_int", "a_l1_personal"):
        s["info"] = "public|personal"
        s["subjects"] = log_uniform(rng, 40, 900)


def assign_lifecycle(rng, systems):
    def untouched(s):
        return not s["fixed"] and s["mutation"] is None and s["lifecycle"] is None

    blank = pick(rng, systems, N_BLANK_LEVEL, untouched, "blank")
    for s in blank:             # not yet proposed: no level, dossier none
        s["mutation"] = None
        s["level"] = None
    for i, s in enumerate(blank):
        s["lifecycle"] = "planned" if i < N_BLANK_PLANNED else "operating"
    planned_more = N_PLANNED - N_BLANK_PLANNED
    pool = [s for s in systems if untouched(s) and s["level"] in (1, 2, 3)]
    for s in rng.sample(pool, planned_more):
        s["lifecycle"] = "planned"
    retired_fixed = sum(1 for s in systems if s["lifecycle"] == "retired")
    pool = [s for s in systems if untouched(s) and s["level"] is not None]
    for s in rng.sample(pool, N_RETIRED - retired_fixed):
        s["lifecycle"] = "retired"
    for s in systems:
        if s["lifecycle"] is None:
            s["lifecycle"] = "operating"
        assign_dates(rng, s)


def go_live_date(rng):
    """Operating systems: more recent years are more frequent."""
    year = weighted(rng, [(y, 1 + (y - 2010)) for y in range(2010, 2027)])
    first = max(GO_LIVE_FIRST, date(year, 1, 1))
    last = min(GO_LIVE_LAST, date(year, 12, 31))
    return random_date(rng, first, last)


def assign_dates(rng, s):
    if s["lifecycle"] == "planned":
        s["go_live"] = (random_date(rng, date(2026, 12, 15), date(2027, 6, 30))
                        if rng.random() < 0.5 else None)
        return
    if s["go_live"] is None:
        if s["lifecycle"] == "retired":
            s["go_live"] = random_date(rng, date(2010, 1, 1), date(2018, 12, 31))
        else:
            s["go_live"] = go_live_date(rng)
    if s["lifecycle"] == "retired" and s["retired_on"] is None:
        first = max(s["go_live"] + timedelta(days=3 * 365), date(2019, 6, 1))
        last = min(s["go_live"] + timedelta(days=9 * 365), DECISION_LAST)
        s["retired_on"] = random_date(rng, first, max(first, last))


def assign_dossiers(rng, systems):
    leveled = [s for s in systems if s["level"] is not None]
    forced = [s for s in leveled if s["level"] >= 4 or (s["fixed"] and s["lifecycle"] != "planned")]
    candidates = [s for s in leveled if s not in forced and s["lifecycle"] != "planned"]
    target = round(APPROVED_SHARE * len(leveled))
    approved = forced + rng.sample(candidates, target - len(forced))
    approved_ids = {id(s) for s in approved}
    for s in systems:
        if s["level"] is None:
            s["status"] = "none"
        elif id(s) in approved_ids:
            s["status"] = "approved"
        elif s["level"] >= 3:
            s["status"] = weighted(rng, [("appraised", 6), ("proposed", 4)])
        elif s["lifecycle"] == "planned":
            s["status"] = "proposed"
        else:
            s["status"] = weighted(rng, [("proposed", 85), ("none", 15)])
        s["decision_no"], s["decision_date"] = "", ""
        if s["status"] == "approved":
            sign = s["decision_sign"] or s["owner_entity"].sign
            s["decision_no"] = f"{rng.randint(12, 2999)}/QĐ-{sign}"
            s["decision_date"] = decision_date(rng, s)


def decision_date(rng, s):
    first = DECISION_FIRST
    if s["go_live"] and s["go_live"] - timedelta(days=365) > first:
        first = s["go_live"] - timedelta(days=365)
    last = DECISION_LAST
    if s["retired_on"]:
        last = min(last, s["retired_on"] - timedelta(days=60))
    if first > last:
        first = DECISION_FIRST
    assert first <= last, s["name"]
    d = random_date(rng, first, last)
    return d.strftime("%d/%m/%Y") if rng.random() < 0.5 else d.isoformat()


def sector_tags(who):
    """The sector tags of a template's owner set (roles and entity prefixes left out)."""
    return frozenset(who) - frozenset(GROUP_OF_ROLE) - {"it"}


def assign_operators(rng, systems, by_prefix):
    """Operator: usually a unit under the owner (its IT unit, or the department of the sector),
    Viettel for some commercial-cloud systems, else empty."""
    viettel = by_prefix[ENTERPRISE[3]]
    for s in systems:
        owner = s["owner_entity"]
        if s["operator"]:
            s["operator_entity"] = by_prefix[s["operator"]]
            continue
        sector = sector_tags(s.get("who", ()))
        it_units = [c for c in owner.children if "it" in c.tags]
        sector_units = [c for c in owner.children if c.tags & sector]
        if s["category"] == "d":
            sector_units = [c for c in owner.children if "agri_p" in c.tags]
        choice = None
        if s["hosting"] == "commercial_cloud" and owner is not viettel and rng.random() < 0.5:
            choice = viettel
        elif owner.role in ("ministry", "committee") and rng.random() < 0.9:
            candidates = sector_units or it_units
            choice = rng.choice(candidates) if candidates else None
        elif (owner.role == "mdept" and "it" not in owner.tags and s["category"] in "ace"
              and rng.random() < 0.4):     # the ministry's IT department runs shared pieces
            siblings = [c for c in owner.parent_entity.children if "it" in c.tags]
            choice = rng.choice(siblings) if siblings else None
        elif owner.role == "pdept" and "it" not in owner.tags and rng.random() < 0.8:
            siblings = [c for c in owner.parent_entity.children if c.prefix.endswith("-SKHCN")]
            choice = rng.choice(siblings) if siblings else None
        elif owner.role in ("school", "hospital") and rng.random() < 0.4:
            choice = owner.parent_entity
        s["operator_entity"] = choice


def assign_explicit_provinces(rng, systems):
    already = sum(1 for s in systems if s["province"] in current_province_codes())
    pool = [s for s in systems if not s["province"]]
    for s in rng.sample(pool, N_EXPLICIT_PROVINCE - already):
        s["province"] = s["owner_entity"].province


def assign_codes(rng, systems, ents):
    order = {e.prefix: i for i, e in enumerate(ents)}
    systems.sort(key=lambda s: (order[s["owner_entity"].prefix], s["fixed"] is False,
                                s["category"], s["name"]))
    next_number = Counter()
    for s in systems:
        prefix = s["owner_entity"].prefix
        next_number[prefix] += 1 + (1 if rng.random() < 0.15 else 0)    # a few gaps
        s["code"] = f"{prefix}-{next_number[prefix]:04d}"


def implied_level(s):
    """Lowest level the attributes allow (the criteria listed in DOMAIN.md)."""
    info = s["info"].split("|")
    level = 1
    if "private" in info or "personal" in info or s["category"] == "b":
        level = 2
    if (s["subjects"] or 0) >= 10000 or "state_secret" in info \
            or s["scope"] in ("province", "sector"):
        level = 3
    if s["scope"] == "national":
        level = 4
    return level


def system_rows(systems):
    rows = []
    for s in systems:
        operator = s.get("operator_entity")
        rows.append(dict(
            code=s["code"], name=s["name"], owner=s["owner_entity"].code,
            operator=operator.code if operator else "", province=s["province"],
            category=s["category"], level="" if s["level"] is None else s["level"],
            dossier_status=s["status"], decision_no=s["decision_no"],
            decision_date=s["decision_date"], info_types=s["info"],
            personal_data_subjects="" if s["subjects"] is None else s["subjects"],
            internet_facing=s["internet"], shared_scope=s["scope"], hosting=s["hosting"],
            lifecycle=s["lifecycle"], go_live=s["go_live"].isoformat() if s["go_live"] else "",
            retired_on=s["retired_on"].isoformat() if s["retired_on"] else ""))
    return rows


def check_systems(systems, rows, entity_codes, unit_codes):
    codes = [r["code"] for r in rows]
    names = [r["name"] for r in rows]
    assert len(rows) == N_SYSTEMS
    assert len(set(codes)) == len(codes), "duplicate system code"
    assert len(set(names)) == len(names), "duplicate system name"
    for r in rows:
        assert r["code"].isascii() and r["code"] == r["code"].upper()
        assert r["owner"] in entity_codes, r
        assert not r["operator"] or (r["operator"] in entity_codes and r["operator"] != r["owner"])
        assert not r["province"] or r["province"] in unit_codes, r
        assert r["dossier_status"] in ("none", "proposed", "appraised", "approved")
        assert (r["dossier_status"] == "approved") == bool(r["decision_no"]) \
            == bool(r["decision_date"])
        assert r["level"] != "" or r["dossier_status"] == "none"
        assert set(r["info_types"].split("|")) <= {"public", "private", "personal",
                                                   "state_secret"}
    for s in systems:
        if s["level"] == 5:
            assert s["owner_entity"].role == "ministry" and s["scope"] == "national"
        if s["lifecycle"] == "retired":
            assert s["retired_on"] > s["go_live"]
        if s["lifecycle"] == "operating":
            assert GO_LIVE_FIRST <= s["go_live"] <= TODAY
        if s["lifecycle"] == "planned":
            assert s["go_live"] is None or s["go_live"] > TODAY
    findings = [s for s in systems if s["level"] is not None and s["level"] < implied_level(s)]
    planted = [s for s in systems if s["mutation"]]
    assert {id(s) for s in findings} == {id(s) for s in planted}, \
        [s["name"] for s in findings if not s["mutation"]]
    assert 25 <= len(findings) <= 40
    old_coded = [s for s in systems
                 if s["province"] and s["province"] not in current_province_codes()]
    assert len(old_coded) == 8
    for s in old_coded:     # a pre-2025 code must roll up to the owner's 2025 province
        assert roll_up(s["province"]) == s["owner_entity"].province, s["name"]
    return findings


# ---------------------------------------------------------------------------------------------
def report(systems, rows, findings, entity_rows_, unit_rows_):
    def show(title, counter, keys):
        print(f"{title}: " + ", ".join(f"{k or '(empty)'} {counter.get(k, 0)}" for k in keys))
    print(f"units.csv {len(unit_rows_)} rows, entities.csv {len(entity_rows_)} rows, "
          f"systems.csv {len(rows)} rows")
    show("entity kinds", Counter(r["kind"] for r in entity_rows_), ENTITY_KINDS)
    show("level", Counter(str(r["level"]) for r in rows), ["1", "2", "3", "4", "5", ""])
    show("category", Counter(r["category"] for r in rows), list("abcde"))
    show("dossier_status", Counter(r["dossier_status"] for r in rows),
         ["none", "proposed", "appraised", "approved"])
    show("lifecycle", Counter(r["lifecycle"] for r in rows), ["planned", "operating", "retired"])
    leveled = [r for r in rows if r["level"]]
    approved = sum(1 for r in leveled if r["dossier_status"] == "approved")
    operating = [r for r in rows if r["lifecycle"] == "operating"]
    op_not = sum(1 for r in operating if r["dossier_status"] != "approved")
    print(f"approved: {approved}/{len(leveled)} leveled ({100 * approved / len(leveled):.1f}%); "
          f"operating not approved: {op_not}/{len(operating)} "
          f"({100 * op_not / len(operating):.1f}%)")
    show("owner group", Counter(s["owner_entity"].group for s in systems),
         ["ministry", "mdept", "province", "other"])
    old_coded = sum(1 for r in rows if r["province"]
                    and r["province"] not in current_province_codes())
    print(f"operator empty: {sum(1 for r in rows if not r['operator'])}; province set: "
          f"{sum(1 for r in rows if r['province'])} (pre-2025 codes: {old_coded}); "
          f"state_secret: {sum(1 for r in rows if 'state_secret' in r['info_types'])}")
    print(f"level-below-implied findings: {len(findings)} "
          f"({dict(Counter(s['mutation'] for s in findings))})")
    dates = [r["decision_date"] for r in rows if r["decision_date"]]
    print(f"decision_date dd/mm/yyyy: {sum('/' in d for d in dates)}, "
          f"yyyy-mm-dd: {sum('-' in d for d in dates)}")


def main():
    rng = random.Random(SEED)
    units = build_units()
    ents, by_prefix = build_entities()
    check_entities(ents)
    entities = entity_rows(rng, ents)
    systems = build_systems(rng, ents, by_prefix)
    rows = system_rows(systems)
    unit_codes = {u["code"] for u in units if len(u["code"]) == 2}
    findings = check_systems(systems, rows, {e.code for e in ents}, unit_codes)
    for name, columns, data in (("units.csv", UNIT_COLUMNS, units),
                                ("entities.csv", ENTITY_COLUMNS, entities),
                                ("systems.csv", SYSTEM_COLUMNS, rows)):
        print("wrote", os.path.normpath(write_csv(name, columns, data)))
    report(systems, rows, findings, entities, units)


if __name__ == "__main__":
    main()
