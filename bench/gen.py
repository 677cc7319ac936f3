#!/usr/bin/env python3
# A census-scale data set for the benchmark (bench/run.sh): deterministic (seeded), Python 3
# standard library only.
#
#   python3 bench/gen.py --size 100k --out DIR [--seed N]
#
# --size is the number of operating systems, i.e. the systems a round with the default scope
# freezes and the rows of the national answer file (10k, 100k, 1m or a plain number). The
# registry also holds about 4% planned and 3% retired systems on top of that. Writes into DIR:
#   units.csv            a copy of samples/units.csv (34 provinces of 2025, the 63 earlier ones)
#   entities.csv         ministries and their departments and agencies, the 34 provincial
#                        committees, their departments and agencies, communes, schools, hospitals,
#                        enterprises (about 24,000 at 100k)
#   systems.csv          the registry (levels and categories spread as DOMAIN.md reports them)
#   questionnaire.json   120 questions in 9 sections, applicability growing with the level
#   survey_national.csv  one row per operating system (UTF-8 BOM, ',', CRLF): upload as admin
#   survey_PP.csv        one file per province PP (34), in the shapes spreadsheets save
#                        (';' + decimal comma + BOM, ',' + CRLF, ',' + LF; some answer in Vietnamese)
#   lookup_codes.txt     10,000 operating system codes in random order (for the HTTP benchmark)
#   manifest.json        what was written: counts, questionnaire and round, files
# Codes, names, contacts and answers are invented; province codes follow /work/shared/DOMAIN.md.
"""Writes a census-scale data set for bench/run.sh."""

import argparse
import csv
import io
import json
import os
import random
import shutil
import sys
import unicodedata
from datetime import date, timedelta

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SAMPLES = os.path.join(ROOT, "samples")
QUESTIONNAIRE_ID = "tt12-census-bench"
QUESTIONNAIRE_VERSION = 1
CAMPAIGN = "BENCH2026"
NA_MARK = "\u2014"

# ------------------------------------------------------------------------------------------
# Provinces of 1 July 2025: (code, name as written after a title, prefix, H number, area code,
# pre-2025 codes merged into it besides its own, share of local systems in percent)
# ------------------------------------------------------------------------------------------
PROVINCES = [
    ("01", "thành phố Hà Nội", "HNI", "26", "024", [], 9.0),
    ("04", "tỉnh Cao Bằng", "CBG", "31", "0206", [], 1.5),
    ("08", "tỉnh Tuyên Quang", "TQG", "34", "0207", ["02"], 2.2),
    ("11", "tỉnh Điện Biên", "DBN", "32", "0215", [], 1.4),
    ("12", "tỉnh Lai Châu", "LCU", "35", "0213", [], 1.3),
    ("14", "tỉnh Sơn La", "SLA", "36", "0212", [], 1.9),
    ("15", "tỉnh Lào Cai", "LCI", "37", "0214", ["10"], 2.3),
    ("19", "tỉnh Thái Nguyên", "TNN", "39", "0208", ["06"], 2.4),
    ("20", "tỉnh Lạng Sơn", "LSN", "40", "0205", [], 1.6),
    ("22", "tỉnh Quảng Ninh", "QNH", "49", "0203", [], 2.6),
    ("24", "tỉnh Bắc Ninh", "BNH", "07", "0204", ["27"], 3.0),
    ("25", "tỉnh Phú Thọ", "PTO", "45", "0210", ["26", "17"], 3.4),
    ("31", "thành phố Hải Phòng", "HPG", "27", "0225", ["30"], 3.5),
    ("33", "tỉnh Hưng Yên", "HYN", "46", "0221", ["34"], 2.8),
    ("37", "tỉnh Ninh Bình", "NBH", "43", "0229", ["35", "36"], 3.3),
    ("38", "tỉnh Thanh Hóa", "THA", "52", "0237", [], 3.2),
    ("40", "tỉnh Nghệ An", "NAN", "41", "0238", [], 3.0),
    ("42", "tỉnh Hà Tĩnh", "HTH", "53", "0239", [], 1.9),
    ("44", "tỉnh Quảng Trị", "QTI", "54", "0233", ["45"], 2.2),
    ("46", "thành phố Huế", "HUE", "57", "0234", [], 1.8),
    ("48", "thành phố Đà Nẵng", "DNG", "17", "0236", ["49"], 3.2),
    ("51", "tỉnh Quảng Ngãi", "QNI", "55", "0255", ["62"], 2.4),
    ("52", "tỉnh Gia Lai", "GLI", "56", "0269", ["64"], 2.9),
    ("56", "tỉnh Khánh Hòa", "KHA", "58", "0258", ["58"], 2.3),
    ("66", "tỉnh Đắk Lắk", "DLK", "18", "0262", ["54"], 2.7),
    ("68", "tỉnh Lâm Đồng", "LDG", "59", "0263", ["67", "60"], 3.1),
    ("75", "tỉnh Đồng Nai", "DNI", "60", "0251", ["70"], 3.0),
    ("79", "Thành phố Hồ Chí Minh", "HCM", "29", "028", ["74", "77"], 8.0),
    ("80", "tỉnh Tây Ninh", "TNH", "61", "0276", ["72"], 2.5),
    ("82", "tỉnh Đồng Tháp", "DTP", "62", "0277", ["87"], 2.5),
    ("86", "tỉnh Vĩnh Long", "VLG", "63", "0270", ["83", "84"], 2.8),
    ("91", "tỉnh An Giang", "AGG", "01", "0296", ["89"], 2.7),
    ("92", "thành phố Cần Thơ", "CTO", "13", "0292", ["94", "93"], 2.8),
    ("96", "tỉnh Cà Mau", "CMU", "16", "0290", ["95"], 2.0),
]

# Ministries and ministry-level bodies: (G number, prefix, decision sign, name, mail slug)
MINISTRIES = [
    ("01", "VPCP", "VPCP", "Văn phòng Chính phủ", "vpcp"),
    ("02", "BCA", "BCA", "Bộ Công an", "mps"),
    ("03", "BQP", "BQP", "Bộ Quốc phòng", "mod"),
    ("04", "BTC", "BTC", "Bộ Tài chính", "mof"),
    ("05", "BYT", "BYT", "Bộ Y tế", "moh"),
    ("06", "BGDDT", "BGDĐT", "Bộ Giáo dục và Đào tạo", "moet"),
    ("07", "BNV", "BNV", "Bộ Nội vụ", "moha"),
    ("08", "BTP", "BTP", "Bộ Tư pháp", "moj"),
    ("09", "BKHCN", "BKHCN", "Bộ Khoa học và Công nghệ", "most"),
    ("10", "BXD", "BXD", "Bộ Xây dựng", "moc"),
    ("11", "BNNMT", "BNNMT", "Bộ Nông nghiệp và Môi trường", "mae"),
    ("12", "BCT", "BCT", "Bộ Công Thương", "moit"),
    ("13", "BVHTTDL", "BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", "mocst"),
    ("14", "NHNN", "NHNN", "Ngân hàng Nhà nước Việt Nam", "sbv"),
    ("15", "BNG", "BNG", "Bộ Ngoại giao", "mofa"),
    ("16", "BDTTG", "BDTTG", "Bộ Dân tộc và Tôn giáo", "mera"),
    ("17", "TTCP", "TTCP", "Thanh tra Chính phủ", "thanhtra"),
    ("18", "BHXH", "BHXH", "Bảo hiểm xã hội Việt Nam", "vss"),
    ("19", "VHLKHCN", "VHL", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "vast"),
    ("20", "VHLKHXH", "VHL", "Viện Hàn lâm Khoa học xã hội Việt Nam", "vass"),
    ("21", "TTXVN", "TTXVN", "Thông tấn xã Việt Nam", "vna"),
    ("22", "DTHVN", "THVN", "Đài Truyền hình Việt Nam", "vtv"),
    ("23", "DTNVN", "TNVN", "Đài Tiếng nói Việt Nam", "vov"),
    ("24", "TANDTC", "TANDTC", "Tòa án nhân dân tối cao", "toaan"),
    ("25", "VKSNDTC", "VKSTC", "Viện kiểm sát nhân dân tối cao", "vks"),
    ("26", "KTNN", "KTNN", "Kiểm toán Nhà nước", "sav"),
    ("27", "VPQH", "VPQH", "Văn phòng Quốc hội", "quochoi"),
    ("28", "VPCTN", "VPCTN", "Văn phòng Chủ tịch nước", "president"),
    ("29", "HVCTQG", "HVCTQG", "Học viện Chính trị quốc gia Hồ Chí Minh", "hcma"),
    ("30", "DHQGHN", "ĐHQGHN", "Đại học Quốc gia Hà Nội", "vnu"),
]
MINISTRY_DEPTS = [
    "Văn phòng", "Vụ Tổ chức cán bộ", "Vụ Kế hoạch - Tài chính", "Vụ Pháp chế", "Thanh tra",
    "Cục Công nghệ thông tin", "Trung tâm Thông tin và Chuyển đổi số", "Cục Quản lý chất lượng",
    "Vụ Hợp tác quốc tế", "Vụ Khoa học, Công nghệ và Môi trường", "Cục Kiểm tra văn bản",
    "Cục Thống kê", "Vụ Thi đua - Khen thưởng", "Cục Quản lý đầu tư", "Trung tâm Dữ liệu",
]
MINISTRY_AGENCY_KINDS = [
    "Trung tâm", "Viện", "Chi cục", "Ban Quản lý dự án", "Văn phòng đại diện", "Trường Đào tạo cán bộ",
]
MINISTRY_AGENCY_TOPICS = [
    "Nghiên cứu chính sách", "Dữ liệu và thống kê", "Đào tạo, bồi dưỡng", "Hỗ trợ kỹ thuật",
    "Kiểm định", "Thông tin và truyền thông", "Giám định", "Lưu trữ", "Tư vấn đầu tư",
    "Dịch vụ công", "Phân tích và dự báo", "Quản lý tài sản",
]
# Provincial departments: (NN, name, kind)
PROVINCE_DEPTS = [
    ("01", "Văn phòng Ủy ban nhân dân", "agency"), ("02", "Sở Nội vụ", "department"),
    ("03", "Sở Ngoại vụ", "department"), ("04", "Sở Tư pháp", "department"),
    ("05", "Sở Tài chính", "department"), ("06", "Sở Công Thương", "department"),
    ("07", "Sở Xây dựng", "department"), ("08", "Sở Văn hóa, Thể thao và Du lịch", "department"),
    ("09", "Sở Y tế", "department"), ("10", "Sở Giáo dục và Đào tạo", "department"),
    ("11", "Thanh tra tỉnh", "department"), ("12", "Sở Khoa học và Công nghệ", "department"),
    ("13", "Sở Dân tộc và Tôn giáo", "department"), ("15", "Sở Nông nghiệp và Môi trường", "department"),
    ("16", "Ban Quản lý các khu công nghiệp", "agency"),
    ("17", "Trung tâm Phục vụ hành chính công", "agency"),
    ("18", "Đài Phát thanh và Truyền hình", "agency"),
    ("19", "Ban Quản lý dự án đầu tư xây dựng", "agency"),
]
DEPT_EDU, DEPT_HEALTH, DEPT_SCIENCE = "10", "09", "12"
PROVINCE_AGENCY_NAMES = [
    "Trung tâm Công nghệ thông tin và Truyền thông", "Chi cục Thủy lợi", "Chi cục Kiểm lâm",
    "Trung tâm Lưu trữ lịch sử", "Trung tâm Dịch vụ việc làm", "Trung tâm Trợ giúp pháp lý nhà nước",
    "Chi cục Chăn nuôi và Thú y", "Trung tâm Kiểm soát bệnh tật", "Trung tâm Xúc tiến đầu tư",
    "Văn phòng Đăng ký đất đai", "Trung tâm Quan trắc tài nguyên và môi trường",
    "Trung tâm Giám định y khoa", "Ban Quản lý rừng phòng hộ", "Trung tâm Khuyến nông",
    "Thư viện tỉnh", "Bảo tàng tỉnh", "Trung tâm Văn hóa - Điện ảnh", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
]
PLACE_PARTS = ["An", "Bình", "Tân", "Phú", "Hòa", "Thạnh", "Long", "Phước", "Thuận", "Hưng", "Mỹ",
               "Đông", "Tây", "Nam", "Bắc", "Trung", "Vĩnh", "Hiệp", "Đức", "Quang", "Minh", "Hải",
               "Sơn", "Thành", "Lộc", "Thịnh", "Xuân", "Hồng", "Cẩm", "Kim", "Yên", "Định", "Lạc",
               "Khánh", "Nghĩa", "Lâm", "Điền", "Giang", "Hà", "Phong"]
PEOPLE = ["Nguyễn Du", "Lê Lợi", "Trần Phú", "Chu Văn An", "Lê Quý Đôn", "Nguyễn Trãi", "Quang Trung",
          "Võ Thị Sáu", "Nguyễn Huệ", "Lý Thường Kiệt", "Trần Hưng Đạo", "Hùng Vương", "Phan Bội Châu",
          "Nguyễn Đình Chiểu", "Kim Đồng", "Lê Hồng Phong", "Hai Bà Trưng", "Ngô Quyền", "Nguyễn Khuyến"]
SCHOOL_KINDS = [("Trường Mầm non", 0.30), ("Trường Tiểu học", 0.33), ("Trường Trung học cơ sở", 0.25),
                ("Trường Trung học phổ thông", 0.09), ("Trường Phổ thông dân tộc nội trú", 0.03)]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Hữu", "Hồng"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan",
         "Linh", "Long", "Mai", "Nam", "Phong", "Phương", "Quang", "Sơn", "Thảo", "Trang", "Trung",
         "Tuấn", "Việt", "Yến"]

# Systems: name patterns per category ({of} becomes the owner's name).
SYSTEM_NAMES = {
    "a": ["Hệ thống quản lý văn bản và điều hành {of}", "Hệ thống thư điện tử công vụ {of}",
          "Hệ thống quản lý cán bộ, công chức, viên chức {of}", "Hệ thống quản lý tài chính, kế toán {of}",
          "Phần mềm quản lý tài sản công {of}", "Hệ thống hội nghị truyền hình trực tuyến {of}",
          "Hệ thống quản lý hồ sơ công việc {of}", "Phần mềm quản lý thi đua, khen thưởng {of}",
          "Hệ thống phòng họp không giấy {of}", "Hệ thống thông tin báo cáo {of}",
          "Phần mềm quản lý tiền lương {of}", "Hệ thống quản lý lưu trữ hồ sơ điện tử {of}"],
    "b": ["Cổng thông tin điện tử {of}", "Hệ thống một cửa điện tử {of}",
          "Hệ thống dịch vụ công trực tuyến {of}", "Hệ thống tiếp nhận, trả lời phản ánh, kiến nghị {of}",
          "Hệ thống tra cứu hồ sơ thủ tục hành chính {of}", "Ứng dụng \"Công dân số\" {of}",
          "Hệ thống đặt lịch hẹn trực tuyến {of}", "Cổng dữ liệu mở {of}",
          "Hệ thống khảo sát sự hài lòng của người dân, doanh nghiệp {of}",
          "Hệ thống thanh toán trực tuyến phí, lệ phí {of}"],
    "c": ["Mạng nội bộ (LAN) {of}", "Trung tâm dữ liệu {of}", "Hệ thống máy chủ và lưu trữ {of}",
          "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) {of}", "Hệ thống sao lưu, dự phòng dữ liệu {of}",
          "Hệ thống xác thực tập trung (SSO) {of}", "Mạng diện rộng (WAN) {of}",
          "Nền tảng điện toán đám mây dùng chung {of}", "Trung tâm giám sát an toàn thông tin (SOC) {of}"],
    "d": ["Hệ thống điều khiển đèn tín hiệu giao thông {of}", "Hệ thống quan trắc môi trường tự động {of}",
          "Hệ thống SCADA trạm bơm, cống thủy lợi {of}", "Hệ thống điều khiển chiếu sáng công cộng {of}",
          "Hệ thống SCADA giám sát cấp nước sạch {of}", "Hệ thống quan trắc mực nước, cảnh báo ngập {of}"],
    "e": ["Hệ thống camera giám sát an ninh {of}", "Thư viện điện tử {of}", "Hệ thống bản đồ số (GIS) {of}",
          "Hệ thống đào tạo trực tuyến (E-learning) {of}", "Hệ thống quản lý xe công {of}",
          "Hệ thống kiểm soát ra vào {of}", "Hệ thống màn hình thông tin điện tử {of}"],
}
# Owner groups: (group, share of systems, category weights a..e)
OWNER_GROUPS = [
    ("ministry", 0.04, (40, 22, 28, 2, 8)),
    ("mdept", 0.09, (44, 26, 20, 2, 8)),
    ("magency", 0.05, (50, 25, 12, 1, 12)),
    ("mschool", 0.02, (55, 30, 10, 0, 5)),
    ("mhospital", 0.01, (45, 35, 12, 0, 8)),
    ("committee", 0.05, (35, 30, 22, 8, 5)),
    ("pdept", 0.20, (45, 30, 14, 4, 7)),
    ("pagency", 0.08, (48, 25, 12, 5, 10)),
    ("commune", 0.18, (50, 30, 8, 2, 10)),
    ("school", 0.16, (55, 25, 8, 0, 12)),
    ("hospital", 0.09, (45, 35, 10, 1, 9)),
    ("enterprise", 0.03, (35, 25, 20, 12, 8)),
]
# Levels per category (1..5), tuned so the whole registry lands near the published shares
# (June 2024: L1 46%, L2 40%, L3 13%, L4 0.3%, L5 0.07%).
LEVELS = {
    "a": (70, 27, 3, 0, 0), "b": (16, 58, 25, 0.9, 0.1), "c": (20, 47, 31, 1.5, 0.5),
    "d": (5, 47, 46, 2, 0), "e": (66, 29, 5, 0, 0),
}

# ------------------------------------------------------------------------------------------
# The questionnaire: samples/questionnaire.json (63 questions) plus these 57, so 120.
# (section, id, text, type, weight, applies, extra)
# ------------------------------------------------------------------------------------------
EXTRA_QUESTIONS = [
    ("POL", "POL.07", "Quy chế có quy định việc dùng thiết bị cá nhân để truy cập hệ thống không?", "compliance", 1, {}, {}),
    ("POL", "POL.08", "Có quy định về quản lý, sử dụng tài khoản và mật khẩu của người dùng không?", "compliance", 2, {"min_level": 2}, {}),
    ("POL", "POL.09", "Chính sách an toàn thông tin có quy định yêu cầu đối với nhà thầu, bên cung cấp dịch vụ không?", "compliance", 2, {"min_level": 3}, {}),
    ("POL", "POL.10", "Ngày ban hành hoặc cập nhật gần nhất của quy chế bảo đảm an toàn thông tin", "date", None, {"min_level": 3}, {"required": False}),
    ("POL", "POL.11", "Chính sách có quy định việc kiểm tra tuân thủ và xử lý vi phạm quy chế không?", "compliance", 2, {"min_level": 4}, {}),
    ("POL", "POL.12", "Chính sách an toàn thông tin có được cấp có thẩm quyền phê duyệt và phổ biến tới toàn bộ cán bộ liên quan không?", "compliance", 3, {"min_level": 5}, {}),
    ("ORG", "ORG.07", "Cán bộ phụ trách an toàn thông tin có được đào tạo, bồi dưỡng chuyên môn trong năm không?", "compliance", 2, {}, {}),
    ("ORG", "ORG.08", "Có cam kết bảo mật thông tin đối với cán bộ khi tuyển dụng hoặc phân công không?", "compliance", 1, {"min_level": 2}, {}),
    ("ORG", "ORG.09", "Số giờ đào tạo an toàn thông tin bình quân của mỗi cán bộ vận hành trong năm (giờ)", "integer", None, {"min_level": 2}, {"min": 0, "max": 1000}),
    ("ORG", "ORG.10", "Khi cán bộ nghỉ việc hoặc chuyển công tác, quyền truy cập có được thu hồi kịp thời không?", "compliance", 3, {"min_level": 3}, {}),
    ("ORG", "ORG.11", "Có bố trí cán bộ có chứng chỉ chuyên môn về an toàn thông tin cho hệ thống không?", "compliance", 2, {"min_level": 4}, {}),
    ("ORG", "ORG.12", "Có đội ứng cứu sự cố chuyên trách, trực 24/7 cho hệ thống không?", "compliance", 3, {"min_level": 5}, {}),
    ("DEV", "DEV.07", "Phần mềm, ứng dụng có nguồn gốc rõ ràng và bản quyền hợp lệ không?", "compliance", 1, {}, {}),
    ("DEV", "DEV.08", "Hợp đồng thuê phát triển có điều khoản về bảo mật và chuyển giao mã nguồn không?", "compliance", 2, {"min_level": 2}, {}),
    ("DEV", "DEV.09", "Mã nguồn có được kiểm tra an toàn (rà soát mã, quét tĩnh) trước khi triển khai không?", "compliance", 2, {"min_level": 3}, {}),
    ("DEV", "DEV.10", "Hình thức phát triển hệ thống", "single", None, {"min_level": 3}, {"options": ["in_house", "outsourced", "off_the_shelf", "mixed"]}),
    ("DEV", "DEV.11", "Có quản lý thay đổi cấu hình và phiên bản phần mềm khi nâng cấp hệ thống không?", "compliance", 2, {"min_level": 4}, {}),
    ("DEV", "DEV.12", "Có kiểm thử xâm nhập độc lập trước khi đưa hệ thống vào vận hành không?", "compliance", 3, {"min_level": 5}, {}),
    ("OPS", "OPS.09", "Có sổ theo dõi, nhật ký vận hành hệ thống không?", "compliance", 1, {}, {}),
    ("OPS", "OPS.10", "Thiết bị, phần mềm của hệ thống có được kiểm kê, lập danh mục tài sản không?", "compliance", 1, {}, {}),
    ("OPS", "OPS.11", "Có nguồn điện dự phòng (UPS, máy phát) cho phòng máy chủ không?", "compliance", 2, {"min_level": 2}, {}),
    ("OPS", "OPS.12", "Số sự cố an toàn thông tin được ghi nhận trong 12 tháng qua", "integer", None, {"min_level": 2}, {"min": 0, "max": 100000}),
    ("OPS", "OPS.13", "Có giám sát an toàn thông tin cho hệ thống (tự thực hiện hoặc thuê dịch vụ) không?", "compliance", 3, {"min_level": 3}, {}),
    ("OPS", "OPS.14", "Có định kỳ diễn tập phương án ứng cứu sự cố không?", "compliance", 2, {"min_level": 3}, {}),
    ("OPS", "OPS.15", "Có hệ thống hoặc trung tâm dự phòng thảm họa cho hệ thống không?", "compliance", 3, {"min_level": 4}, {}),
    ("OPS", "OPS.16", "Thời gian khôi phục tối đa cho phép theo phương án dự phòng (giờ)", "decimal", None, {"min_level": 5}, {"required": False, "min": 0, "max": 720}),
    ("RSK", "RSK.07", "Có đánh giá rủi ro an toàn thông tin khi thay đổi lớn về hệ thống không?", "compliance", 2, {}, {}),
    ("RSK", "RSK.08", "Có theo dõi và khắc phục các cảnh báo lỗ hổng của cơ quan chức năng không?", "compliance", 2, {"min_level": 2}, {}),
    ("RSK", "RSK.09", "Đơn vị thực hiện kiểm tra, đánh giá gần nhất", "single", None, {"min_level": 3}, {"options": ["internal", "specialised_unit", "licensed_provider", "none"]}),
    ("RSK", "RSK.10", "Số lỗ hổng mức cao và nghiêm trọng chưa khắc phục tại thời điểm báo cáo", "integer", None, {"min_level": 3}, {"min": 0, "max": 100000}),
    ("RSK", "RSK.11", "Kết quả kiểm tra, đánh giá có được báo cáo chủ quản hệ thống không?", "compliance", 2, {"min_level": 4}, {}),
    ("RSK", "RSK.12", "Hệ thống có được kiểm tra, đánh giá 6 tháng một lần theo quy định không?", "compliance", 3, {"min_level": 5}, {}),
    ("NET", "NET.09", "Mạng không dây dành cho khách có được tách biệt với mạng nội bộ không?", "compliance", 1, {}, {}),
    ("NET", "NET.10", "Thiết bị mạng có được cập nhật firmware, bản vá định kỳ không?", "compliance", 2, {"min_level": 2}, {}),
    ("NET", "NET.11", "Có ghi và lưu nhật ký truy cập trên thiết bị mạng, tường lửa không?", "compliance", 2, {"min_level": 2}, {}),
    ("NET", "NET.12", "Truy cập từ xa vào mạng nội bộ có qua kênh mã hóa (VPN) và được kiểm soát không?", "compliance", 2, {"min_level": 3}, {}),
    ("NET", "NET.13", "Có thiết bị dự phòng cho các thiết bị mạng quan trọng không?", "compliance", 2, {"min_level": 3, "categories": ["c", "d"]}, {}),
    ("NET", "NET.14", "Có giải pháp phòng, chống tấn công từ chối dịch vụ (DDoS) không?", "compliance", 3, {"min_level": 4, "internet_facing": True}, {}),
    ("NET", "NET.15", "Có hệ thống phát hiện và ngăn chặn xâm nhập mạng (IPS) không?", "compliance", 2, {"min_level": 4}, {}),
    ("NET", "NET.16", "Vùng mạng quản trị có được tách biệt vật lý với các vùng mạng khác không?", "compliance", 3, {"min_level": 5}, {}),
    ("SRV", "SRV.08", "Hệ điều hành máy chủ còn được nhà sản xuất hỗ trợ bản vá bảo mật không?", "compliance", 2, {}, {}),
    ("SRV", "SRV.09", "Máy chủ có ghi nhật ký hệ thống và lưu trữ ít nhất 3 tháng không?", "compliance", 2, {"min_level": 2}, {}),
    ("SRV", "SRV.10", "Số máy chủ (vật lý và ảo) phục vụ hệ thống", "integer", None, {"min_level": 3}, {"min": 0, "max": 100000}),
    ("SRV", "SRV.11", "Truy cập quản trị máy chủ có dùng xác thực hai yếu tố không?", "compliance", 2, {"min_level": 3}, {}),
    ("SRV", "SRV.12", "Cấu hình máy chủ có được rà soát theo bộ tiêu chí an toàn (hardening) không?", "compliance", 2, {"min_level": 4}, {}),
    ("SRV", "SRV.13", "Có giải pháp kiểm soát toàn vẹn tệp tin hệ thống trên máy chủ không?", "compliance", 2, {"min_level": 5}, {}),
    ("APP", "APP.09", "Ứng dụng có giới hạn số lần đăng nhập sai không?", "compliance", 1, {}, {}),
    ("APP", "APP.10", "Ứng dụng có ghi nhật ký các thao tác quan trọng của người dùng không?", "compliance", 2, {"min_level": 2}, {}),
    ("APP", "APP.11", "Ứng dụng có được kiểm tra các lỗ hổng phổ biến (OWASP Top 10) không?", "compliance", 2, {"min_level": 2, "internet_facing": True}, {}),
    ("APP", "APP.12", "Tài khoản quản trị ứng dụng có dùng xác thực hai yếu tố không?", "compliance", 2, {"min_level": 3}, {}),
    ("APP", "APP.13", "Dữ liệu đầu vào có được kiểm tra tính hợp lệ ở phía máy chủ không?", "compliance", 2, {"min_level": 4}, {}),
    ("APP", "APP.14", "Các chức năng quan trọng có dùng chữ ký số hoặc cơ chế chống chối bỏ không?", "compliance", 3, {"min_level": 5}, {}),
    ("DAT", "DAT.09", "Có thông báo việc xử lý dữ liệu cá nhân tới chủ thể dữ liệu không?", "compliance", 2, {"personal_data": True}, {}),
    ("DAT", "DAT.10", "Dữ liệu nhạy cảm có được mã hóa khi lưu trữ không?", "compliance", 2, {"min_level": 2}, {}),
    ("DAT", "DAT.11", "Có thử khôi phục dữ liệu từ bản sao lưu ít nhất 6 tháng một lần không?", "compliance", 2, {"min_level": 3}, {}),
    ("DAT", "DAT.12", "Có đánh giá tác động xử lý dữ liệu cá nhân theo quy định không?", "compliance", 3, {"min_level": 4, "personal_data": True}, {}),
    ("DAT", "DAT.13", "Dung lượng dữ liệu của hệ thống (TB)", "decimal", None, {"min_level": 5}, {"required": False, "min": 0, "max": 100000}),
]
NOTES = [
    "Đã rà soát, cập nhật quy chế bảo đảm an toàn thông tin năm 2025",
    "Đang triển khai xác thực hai yếu tố, dự kiến hoàn thành quý II/2027",
    "Sao lưu hằng ngày, thử khôi phục 6 tháng một lần",
    "Thiết bị tường lửa hết hạn bản quyền, đang làm thủ tục gia hạn",
    "Thuê dịch vụ giám sát an toàn thông tin (SOC) từ năm 2025",
    "Cán bộ phụ trách kiêm nhiệm, chưa có chứng chỉ chuyên môn",
    "Hồ sơ đề xuất cấp độ đang trình thẩm định; dự kiến phê duyệt tháng 3/2027",
    "Máy chủ đặt tại trung tâm dữ liệu của tỉnh, dùng chung hạ tầng",
    "Nhà thầu \"bảo trì trọn gói\", chưa có điều khoản bảo mật trong hợp đồng",
    "Đã kiểm thử xâm nhập sau đợt nâng cấp phiên bản 3.0, khắc phục 12/14 lỗ hổng",
]
# How province files are saved: (BOM, delimiter, line end, decimal mark, Vietnamese answers)
FILE_SHAPES = [
    (True, ";", "\r\n", ",", False),   # Excel with Vietnamese regional settings
    (False, ",", "\r\n", ".", False),  # Excel, English settings
    (True, ",", "\r\n", ".", True),    # answers typed in Vietnamese ("Có", "Không", ...)
    (False, ",", "\n", ".", False),    # LibreOffice / a script
]
VI_ANSWERS = {"yes": "Có", "partial": "Một phần", "no": "Không", "na": "Không áp dụng"}


def nfc(s):
    return unicodedata.normalize("NFC", s)


def parse_size(text):
    t = text.strip().lower()
    for suffix, factor in (("k", 1000), ("m", 1000000)):
        if t.endswith(suffix):
            return int(float(t[:-1]) * factor)
    return int(t)


def weighted_choice(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def ascii_slug(text):
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return "".join(c for c in s if c.isalnum())


class Entities:
    """Builds the entity rows and the pools of owners per group."""

    def __init__(self, rng, scale):
        self.rng = rng
        self.scale = scale
        self.rows = []          # entity CSV rows
        self.pools = {g: [] for g, _, _ in OWNER_GROUPS}   # group -> [(code, name, province, prefix)]
        self.it_of = {}         # top code -> code of its IT unit (operator of many systems)
        self.taken = set()      # tax codes given out

    def n(self, base):
        return max(1, round(base * self.scale))

    def contact(self, slug, area):
        rng = self.rng
        if rng.random() < 0.08:
            return ["", "", ""]
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone = f"{area} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"
        return [name, f"cntt@{slug}.example.vn", phone]

    def add(self, code, name, kind, parent, province, slug, area, group=None, prefix=""):
        self.rows.append([code, name, kind, parent, province] + self.contact(slug, area))
        if group:
            self.pools[group].append((code, name, province, prefix))

    def build(self):
        self.central()
        for p in PROVINCES:
            self.province(p)
        return self

    def central(self):
        rng = self.rng
        n_agencies, n_schools, n_hospitals = self.n(1200), self.n(250), self.n(100)
        for g, prefix, _, name, slug in MINISTRIES:
            top = f"000.00.00.G{g}"
            self.add(top, name, "ministry", "", "01", slug, "024", "ministry", prefix)
            depts = []
            for i, dname in enumerate(MINISTRY_DEPTS, start=1):
                code = f"000.00.{i:02d}.G{g}"
                self.add(code, f"{dname} - {name}", "department", top, "01", f"d{i}.{slug}", "024", "mdept", prefix)
                depts.append(code)
            self.it_of[top] = depts[5]
        ministries = [(m[0], m[1], m[3], m[4]) for m in MINISTRIES]
        seq = {}
        for _ in range(n_agencies):
            g, prefix, mname, slug = rng.choice(ministries)
            dept = rng.randrange(1, len(MINISTRY_DEPTS) + 1)
            k = seq[(g, dept)] = seq.get((g, dept), 0) + 1
            if k > 99:
                continue
            province = "01" if rng.random() < 0.8 else rng.choice(PROVINCES)[0]
            name = f"{rng.choice(MINISTRY_AGENCY_KINDS)} {rng.choice(MINISTRY_AGENCY_TOPICS)} {k} - {mname}"
            self.add(f"000.{k:02d}.{dept:02d}.G{g}", name, "agency", f"000.00.{dept:02d}.G{g}", province,
                     f"a{k}.d{dept}.{slug}", "024", "magency", prefix)
        for kind, count, group, label in (("school", n_schools, "mschool", "Trường Đại học"),
                                          ("hospital", n_hospitals, "mhospital", "Bệnh viện")):
            for i in range(1, count + 1):
                g, prefix, mname, slug = ministries[5] if kind == "school" and rng.random() < 0.6 else (
                    ministries[4] if kind == "hospital" and rng.random() < 0.7 else rng.choice(ministries))
                province = weighted_choice(rng, ["01", "79", "48", rng.choice(PROVINCES)[0]], [45, 25, 8, 22])
                place = rng.choice(PLACE_PARTS) + " " + rng.choice(PLACE_PARTS).lower()
                code = f"G{g}.{'DH' if kind == 'school' else 'BV'}{i:05d}"
                self.add(code, f"{label} {place} {i}", kind, f"000.00.00.G{g}", province,
                         f"{'dh' if kind == 'school' else 'bv'}{i}.{slug}", "024", group, prefix)

    def province(self, p):
        rng = self.rng
        code, place, prefix, h, area, _, share = p
        slug = ascii_slug(place.split(" ", 1)[1])
        top = f"000.00.00.H{h}"
        weight = share / 100.0
        self.add(top, f"Ủy ban nhân dân {place}", "province_committee", "", code, slug, area, "committee", prefix)
        for nn, dname, kind in PROVINCE_DEPTS:
            self.add(f"000.00.{nn}.H{h}", f"{dname} {place}", kind, top, code, f"d{nn}.{slug}", area, "pdept", prefix)
        self.it_of[top] = f"000.00.{DEPT_SCIENCE}.H{h}"
        for k in range(1, self.n(2040 * weight) + 1):
            nn = PROVINCE_DEPTS[(k - 1) % len(PROVINCE_DEPTS)][0]
            mm = (k - 1) // len(PROVINCE_DEPTS) + 1
            if mm > 99:
                break
            name = f"{rng.choice(PROVINCE_AGENCY_NAMES)} {place}"
            self.add(f"000.{mm:02d}.{nn}.H{h}", name, "agency", f"000.00.{nn}.H{h}", code,
                     f"a{k}.{slug}", area, "pagency", prefix)
        communes = []
        n_communes = max(3, round(3321 * weight * min(1.0, self.scale)))
        for k in range(1, n_communes + 1):
            ccode = f"H{h}.X{k:04d}"
            kind = "Phường" if rng.random() < 0.25 else "Xã"
            cname = f"{kind} {rng.choice(PLACE_PARTS)} {rng.choice(PLACE_PARTS)}"
            self.add(ccode, f"Ủy ban nhân dân {cname}", "agency", top, code, f"x{k}.{slug}", area, "commune", prefix)
            communes.append((ccode, cname))
        kinds, shares = zip(*SCHOOL_KINDS)
        for k in range(1, self.n(13000 * weight) + 1):
            label = weighted_choice(rng, kinds, shares)
            if label.endswith("phổ thông") or label.endswith("nội trú"):
                parent, sname = f"000.00.{DEPT_EDU}.H{h}", rng.choice(PEOPLE)
            else:
                parent, sname = rng.choice(communes)
                sname = sname.split(" ", 1)[1]
            self.add(f"H{h}.T{k:05d}", f"{label} {sname}", "school", parent, code, f"t{k}.{slug}.edu", area,
                     "school", prefix)
        for k in range(1, self.n(3000 * weight) + 1):
            if rng.random() < 0.4:
                parent, cname = rng.choice(communes)
                name, kind = f"Trạm Y tế {cname}", "other"
            else:
                parent = f"000.00.{DEPT_HEALTH}.H{h}"
                name = rng.choice(["Bệnh viện Đa khoa", "Trung tâm Y tế", "Bệnh viện Y học cổ truyền",
                                   "Bệnh viện Sản - Nhi", "Bệnh viện Phổi"]) + f" {rng.choice(PLACE_PARTS)} {place}"
                kind = "hospital"
            self.add(f"H{h}.Y{k:05d}", name, kind, parent, code, f"y{k}.{slug}", area, "hospital", prefix)
        for k in range(self.n(200 * weight)):
            tax = f"{rng.randrange(10**9, 10**10):010d}"
            while tax in self.taken:
                tax = f"{rng.randrange(10**9, 10**10):010d}"
            self.taken.add(tax)
            name = f"Công ty Cổ phần {rng.choice(['Cấp nước', 'Môi trường đô thị', 'Điện lực', 'Cảng', 'Công trình giao thông', 'Xổ số kiến thiết'])} {place.split(' ', 1)[1]}"
            self.add(tax, name, "enterprise", "", code, f"e{k}.{slug}", area, "enterprise", prefix)


def level_and_dossier(rng, category):
    if rng.random() < 0.04:
        return "", "none"
    level = weighted_choice(rng, (1, 2, 3, 4, 5), LEVELS[category])
    status = weighted_choice(rng, ("approved", "appraised", "proposed"), (76.5, 8, 15.5))
    return level, status


def random_day(rng, first, last):
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def day_text(rng, d):
    return d.strftime("%d/%m/%Y") if rng.random() < 0.3 else d.isoformat()


def make_systems(rng, ents, size):
    """Returns (rows, profiles): CSV rows and, per operating system, what the survey needs."""
    n_planned, n_retired = round(size * 0.04), round(size * 0.03)
    lifecycles = ["operating"] * size + ["planned"] * n_planned + ["retired"] * n_retired
    rng.shuffle(lifecycles)
    groups, shares, cats = zip(*OWNER_GROUPS)
    merged = {p[0]: p[5] for p in PROVINCES}
    seq = {}
    rows, operating = [], []
    first_live, last_live = date(2008, 1, 1), date(2026, 10, 31)
    for lifecycle in lifecycles:
        gi = weighted_choice(rng, range(len(groups)), shares)
        pool = ents.pools[groups[gi]]
        owner, owner_name, owner_province, prefix = pool[rng.randrange(len(pool))]
        category = weighted_choice(rng, "abcde", cats[gi])
        level, status = level_and_dossier(rng, category)
        n = seq[prefix] = seq.get(prefix, 0) + 1
        code = f"{prefix}-{n:06d}"
        name = rng.choice(SYSTEM_NAMES[category]).format(of=owner_name)
        if rng.random() < 0.01:
            name += ", giai đoạn 2"
        top = owner.split(".")[-1] if owner.startswith("000.") else ""
        it_unit = ents.it_of.get(f"000.00.00.{top}") if top else None
        operator = it_unit if it_unit and it_unit != owner and rng.random() < 0.35 else ""
        province = ""
        r = rng.random()
        if r < 0.05:
            province = owner_province
        elif r < 0.08 and merged.get(owner_province):
            province = rng.choice(merged[owner_province])   # still recorded under its pre-2025 code
        lvl = level or 1
        personal = category == "b" and rng.random() < 0.7 or rng.random() < 0.2
        info = ["public"] if category in "be" or rng.random() < 0.5 else []
        if category == "a" or rng.random() < 0.3:
            info.append("private")
        if personal:
            info.append("personal")
        if lvl >= 3 and rng.random() < 0.03:
            info.append("state_secret")
        info = info or ["public"]
        subjects = ""
        if personal and rng.random() < 0.85:
            subjects = str(rng.randrange(10000, 5000000) if lvl >= 3 else rng.randrange(1, 10000))
        internet = rng.random() < {"a": 0.2, "b": 0.9, "c": 0.15, "d": 0.05, "e": 0.3}[category]
        scope = weighted_choice(rng, ["agency", "province", "sector", "national", ""],
                                [55, 20, 8, 2 if lvl >= 4 else 0.2, 15])
        hosting = weighted_choice(rng, ["on_premises", "gov_cloud", "commercial_cloud", ""], [55, 30, 8, 7])
        go_live = random_day(rng, first_live, last_live)
        retired_on = ""
        if lifecycle == "retired":
            retired_on = day_text(rng, min(last_live, go_live + timedelta(days=rng.randrange(180, 3000))))
        go_live_text = "" if lifecycle == "planned" and rng.random() < 0.5 else day_text(rng, go_live)
        if lifecycle == "planned" and go_live_text:
            go_live_text = day_text(rng, random_day(rng, date(2026, 12, 1), date(2027, 12, 31)))
        decision_no = decision_date = ""
        if status == "approved":
            decision_no = f"{rng.randrange(1, 3000)}/QĐ-{prefix}"
            decision_date = day_text(rng, random_day(rng, date(2019, 1, 1), date(2026, 10, 31)))
        rows.append([code, name, owner, operator, province, category, str(level), status, decision_no,
                     decision_date, "|".join(info), subjects, "yes" if internet else "no", scope, hosting,
                     lifecycle, go_live_text, retired_on])
        if lifecycle == "operating":
            resolved = owner_province if not province else next(
                (p[0] for p in PROVINCES if province == p[0] or province in p[5]), owner_province)
            has_personal = bool(subjects and int(subjects) > 0) or personal
            operating.append((code, name, resolved, lvl, category, internet, has_personal))
    return rows, operating


def build_questionnaire():
    with open(os.path.join(SAMPLES, "questionnaire.json"), encoding="utf-8") as f:
        base = json.load(f)
    doc = {
        "id": QUESTIONNAIRE_ID,
        "version": QUESTIONNAIRE_VERSION,
        "title": "Tự đánh giá bảo đảm an toàn hệ thống thông tin theo cấp độ (bộ 120 câu hỏi cho thử tải)",
        "note": "Bộ câu hỏi minh họa dùng cho thử tải (bench/gen.py): 63 câu của samples/questionnaire.json "
                "và 57 câu bổ sung; không phải văn bản chính thức.",
        "sections": [],
    }
    by_section = {}
    for section, qid, text, kind, weight, applies, extra in EXTRA_QUESTIONS:
        q = {"id": qid, "text": text, "type": kind, "required": extra.get("required", True)}
        if weight is not None:
            q["weight"] = weight
        for key in ("options", "min", "max"):
            if key in extra:
                q[key] = extra[key]
        if applies:
            q["applies"] = applies
        by_section.setdefault(section, []).append(q)
    for s in base["sections"]:
        doc["sections"].append({"id": s["id"], "family": s["family"], "title": s["title"],
                                "questions": s["questions"] + by_section.get(s["id"], [])})
    questions = [q for s in doc["sections"] for q in s["questions"]]
    assert len(questions) == 120, len(questions)
    assert len(doc["sections"]) == 9
    return doc, questions


def applies(q, level, category, internet, personal):
    a = q.get("applies") or {}
    if max(level, 1) < a.get("min_level", 1):
        return False
    if a.get("categories") and category not in a["categories"]:
        return False
    if "internet_facing" in a and a["internet_facing"] != internet:
        return False
    if "personal_data" in a and a["personal_data"] != personal:
        return False
    return True


class Answerer:
    """Fills one system's answers; compliance shares move with the level, province and system."""

    def __init__(self, rng, questions):
        self.rng, self.questions = rng, questions
        self.profiles = {}
        self.tilt = {p[0]: rng.uniform(-0.08, 0.06) for p in PROVINCES}

    def applicable(self, level, category, internet, personal):
        key = (level, category, internet, personal)
        if key not in self.profiles:
            self.profiles[key] = [applies(q, level, category, internet, personal) for q in self.questions]
        return self.profiles[key]

    def row(self, system):
        """Values per question: None where the question does not apply, else text (maybe empty)."""
        rng = self.rng
        code, name, province, level, category, internet, personal = system
        yes = (0.78 if level >= 3 else 0.55) + self.tilt[province] + rng.uniform(-0.1, 0.1)
        yes = min(0.97, max(0.2, yes))
        rest = 1 - yes
        cw = (yes, rest * 0.45, rest * 0.45, rest * 0.10)
        out = []
        for q, ok in zip(self.questions, self.applicable(level, category, internet, personal)):
            if not ok:
                out.append(None)
                continue
            kind = q["type"]
            if kind == "compliance":
                v = rng.choices(("yes", "partial", "no", "na"), weights=cw, k=1)[0]
            elif kind == "single":
                v = rng.choice(q["options"])
            elif kind == "multiple":
                picked = [o for o in q["options"] if o != "none" and rng.random() < 0.35]
                v = "|".join(picked) if picked else "none"
            elif kind == "integer":
                lo, hi = q.get("min", 0), q.get("max", 100)
                v = str(rng.randint(lo, min(hi, lo + 30)))
            elif kind == "decimal":
                v = "" if rng.random() < 0.3 else f"{rng.choice([0.5, 1, 1.5, 2, 4, 8, 12, 24, 48])}"
            elif kind == "date":
                v = "" if rng.random() < 0.3 else random_day(rng, date(2023, 1, 1), date(2026, 10, 31)).strftime("%d/%m/%Y")
            else:
                r = rng.random()
                v = "" if r < 0.6 else rng.choice(NOTES)
                if r > 0.995:
                    v += "\nGhi chú thêm: xem báo cáo kèm theo"   # a line break typed inside a cell
            if not q.get("required", True) and v and rng.random() < 0.05:
                v = ""
            out.append(v)
        return out


def formatted(values, code, name, decimal_mark, vietnamese, na_empty, questions):
    cells = [code, name]
    for q, v in zip(questions, values):
        if v is None:
            cells.append("" if na_empty else NA_MARK)
        elif vietnamese and q["type"] == "compliance":
            cells.append(VI_ANSWERS[v])
        elif decimal_mark != "." and q["type"] == "decimal":
            cells.append(v.replace(".", decimal_mark))
        else:
            cells.append(v)
    return cells


class CsvOut:
    def __init__(self, path, bom, delimiter, line_end):
        self.f = open(path, "w", encoding="utf-8", newline="")
        if bom:
            self.f.write("\ufeff")
        self.w = csv.writer(self.f, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
        self.rows = 0

    def write(self, cells):
        self.w.writerow(cells)
        self.rows += 1

    def close(self):
        self.f.close()


def write_plain_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", default="10k", help="operating systems: 10k, 100k, 1m or a number (default 10k)")
    ap.add_argument("--out", required=True, help="folder to write into (created)")
    ap.add_argument("--seed", type=int, default=20261101)
    args = ap.parse_args()
    size = parse_size(args.size)
    if size < 100:
        sys.exit("gen.py: --size must be at least 100")
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    scale = size / 100000

    shutil.copyfile(os.path.join(SAMPLES, "units.csv"), os.path.join(args.out, "units.csv"))
    ents = Entities(rng, scale).build()
    write_plain_csv(os.path.join(args.out, "entities.csv"),
                    ["code", "name", "kind", "parent", "province", "contact_name", "contact_email", "contact_phone"],
                    [[nfc(c) for c in r] for r in ents.rows])

    rows, operating = make_systems(rng, ents, size)
    write_plain_csv(os.path.join(args.out, "systems.csv"),
                    ["code", "name", "owner", "operator", "province", "category", "level", "dossier_status",
                     "decision_no", "decision_date", "info_types", "personal_data_subjects", "internet_facing",
                     "shared_scope", "hosting", "lifecycle", "go_live", "retired_on"],
                    [[nfc(c) for c in r] for r in rows])

    doc, questions = build_questionnaire()
    with open(os.path.join(args.out, "questionnaire.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")

    header = ["system", "system_name"] + [q["id"] for q in questions]
    national = CsvOut(os.path.join(args.out, "survey_national.csv"), True, ",", "\r\n")
    national.write(header)
    shapes, provincial = {}, {}
    for i, p in enumerate(PROVINCES):
        shapes[p[0]] = FILE_SHAPES[i % len(FILE_SHAPES)]
        bom, delim, end, _, _ = shapes[p[0]]
        provincial[p[0]] = CsvOut(os.path.join(args.out, f"survey_{p[0]}.csv"), bom, delim, end)
        provincial[p[0]].write(header)
    answerer = Answerer(rng, questions)
    cells = 0
    for system in sorted(operating, key=lambda s: (s[2], s[0])):
        values = answerer.row(system)
        cells += sum(v is not None for v in values)
        code, name, province = system[0], nfc(system[1]), system[2]
        national.write(formatted(values, code, name, ".", False, False, questions))
        _, _, _, mark, vietnamese = shapes[province]
        provincial[province].write(formatted(values, code, name, mark, vietnamese, rng.random() < 0.3, questions))
    national.close()
    for out in provincial.values():
        out.close()

    codes = [s[0] for s in operating]
    rng.shuffle(codes)
    with open(os.path.join(args.out, "lookup_codes.txt"), "w", encoding="ascii") as f:
        f.write("\n".join(codes[:10000]) + "\n")

    manifest = {
        "size": size, "seed": args.seed, "units": "units.csv", "entities": len(ents.rows),
        "systems": len(rows), "operating": len(operating), "questions": len(questions),
        "applicable_answers": cells, "questionnaire": f"{QUESTIONNAIRE_ID}@{QUESTIONNAIRE_VERSION}",
        "campaign": CAMPAIGN, "national_file": "survey_national.csv",
        "province_files": {p: f"survey_{p}.csv" for p in provincial},
        "province_rows": {p: out.rows - 1 for p, out in provincial.items()},
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"gen.py: {len(ents.rows)} entities, {len(rows)} systems ({len(operating)} operating), "
          f"{len(questions)} questions, {cells} applicable answers -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
