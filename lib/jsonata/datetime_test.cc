#include "jsonata/datetime.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <functional>

#include "jsonata/error.h"

namespace sfn::jsonata {
namespace {

std::string ErrorCode(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.code;
  }
  return "";
}

constexpr double kFriday = 1521801216617;  // 2018-03-23T10:33:36.617Z
constexpr double kNoon = 1531310400000;    // 2018-07-11T12:00:00.000Z
constexpr double kNow = 1589709600000;     // 2020-05-17T10:00:00.000Z

TEST_CASE("jsonata fromMillis: ISO 8601 without a picture") {
  struct Row {
    double millis;
    const char* expected;
  };
  const Row rows[] = {
      {0, "1970-01-01T00:00:00.000Z"},
      {1, "1970-01-01T00:00:00.001Z"},
      {1509380732935, "2017-10-30T16:25:32.935Z"},
      {-1, "1969-12-31T23:59:59.999Z"},
      {-2777932800000, "1881-12-21T00:00:00.000Z"},
      {951827415000, "2000-02-29T12:30:15.000Z"},
      {-2203891200000, "1900-03-01T00:00:00.000Z"},
      {-11670998400000, "1600-02-29T00:00:00.000Z"},
      {-62135596800000, "0001-01-01T00:00:00.000Z"},
      {253402300799000, "9999-12-31T23:59:59.000Z"},
      {1.9, "1970-01-01T00:00:00.001Z"},
      {-1.9, "1969-12-31T23:59:59.999Z"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.millis);
    CHECK(FromMillis(row.millis, std::nullopt, std::nullopt) == row.expected);
  }
  CHECK(FromMillis(1540127100000, std::nullopt, "-0500") == "2018-10-21T08:05:00.000-05:00");
  CHECK(FromMillis(1540127100000, std::nullopt, "0000") == "2018-10-21T13:05:00.000Z");
  CHECK(FromMillis(1540127100000, std::nullopt, "+0530") == "2018-10-21T18:35:00.000+05:30");
  CHECK(FromMillis(1540127100000, std::nullopt, "-0530") == "2018-10-21T07:35:00.000-05:30");
  CHECK(FromMillis(1e20, std::nullopt, std::nullopt) == "NaN-NaN-NaNTNaN:NaN:NaN.NaNZ");
  CHECK(FromMillis(0, std::nullopt, "Z") == "NaN-NaN-NaNTNaN:NaN:NaN.NaNNaN");
  CHECK(FromMillis(0, "[Y]", "+99999999999999999999999") == "NaN");
  CHECK(FromMillis(0, "[H]:[m][Z]", "+99999999999999999999999") == "NaN:NaNNaN");
  CHECK(ErrorCode([] { FromMillis(1e20, "[YN]", std::nullopt); }) == "D3133");
}

TEST_CASE("jsonata fromMillis: pictures") {
  struct Row {
    double millis;
    const char* picture;
    const char* timezone;
    const char* expected;
  };
  const Row rows[] = {
      {kFriday, "Hello", nullptr, "Hello"},
      {kFriday, "Year: <[Y9,999,*]>", nullptr, "Year: <2,018>"},
      {kFriday, "[[Year]]: [[[Y0001]]]", nullptr, "[Year]: [2018]"},
      {kFriday, "[D#1]/[M#1]/[Y0001]", nullptr, "23/3/2018"},
      {kFriday, "[M01]/[D01]/[Y0001] at [H01]:[m01]:[s01]", nullptr, "03/23/2018 at 10:33:36"},
      {kFriday, "[Y]-[ M01]-[D 01]T[H01 ]:[ m   ]:[s].[f0  01][Z01:\n 01t]", nullptr,
       "2018-03-23T10:33:36.617Z"},
      {kFriday, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]", "+0100", "2018-03-23T11:33:36.617+0100"},
      {kNoon, "[H01]:[m][Z01:01]", nullptr, "12:00+00:00"},
      {kNoon, "[H01]:[m][Z]", "-0500", "07:00-05:00"},
      {kNoon, "[H01]:[m][Z0]", "-0500", "07:00-5"},
      {kNoon, "[H01]:[m][Z0]", "+0530", "17:30+5:30"},
      {kNoon, "[H01]:[m][z]", "-0500", "07:00GMT-05:00"},
      {kFriday, "[D#1,2]/[M1,2]/[Y,2]", nullptr, "23/03/18"},
      {kFriday, "[D#1,2]/[M1,2]/[Y0001,2-2]", nullptr, "23/03/18"},
      {kFriday, "[D1] [M01] [YI]", nullptr, "23 03 MMXVIII"},
      {kFriday, "[Da] [MA] [Yi]", nullptr, "w C mmxviii"},
      {kFriday, "[Yw]", nullptr, "two thousand and eighteen"},
      {kFriday, "[FNn], the [Dwo] of [MNn] [Y] [E]", nullptr, "Friday, the twenty-third of March 2018 ISO"},
      {kFriday, "[FNn,3-3], [D1o] [MNn,3-3] [Y] [C]", nullptr, "Fri, 23rd Mar 2018 ISO"},
      {kFriday, "[D1o] [MN] [Y]", nullptr, "23rd MARCH 2018"},
      {kFriday, "[F], [D]/[M]/[Y] [h]:[m]:[s] [P]", nullptr, "friday, 23/3/2018 10:33:36 am"},
      {kFriday, "[h]:[m] [PN]", nullptr, "10:33 AM"},
      {1204405500000, "[F], [D]/[M]/[Y] [h]:[m]:[s] [P]", nullptr, "saturday, 1/3/2008 9:05:00 pm"},
      {1199664000000, "[h]:[m]:[s] [P]", nullptr, "12:00:00 am"},
      {1514808000000, "[dwo] day of the year", nullptr, "first day of the year"},
      {1546257600000, "[d] days in [Y0001]", nullptr, "365 days in 2018"},
      {1483185600000, "[d] days in [Y0001]", nullptr, "366 days in 2016"},
      {1522616700000, "[F0] [FNn]", nullptr, "7 Sunday"},
      {-2208988800000, "[FNn] [X]-W[W01]-[F1]", nullptr, "Monday 1900-W01-1"},
      {-11644560000000, "[FNn] [X]-W[W01]-[F1]", nullptr, "Sunday 1600-W52-7"},
      {1104537600000, "[X0001]-W[W01]-[F1]", nullptr, "2004-W53-6"},
      {1230508800000, "[X0001]-W[W01]-[F1]", nullptr, "2009-W01-1"},
      {1262476800000, "[X0001]-W[W01]-[F1]", nullptr, "2009-W53-7"},
      {1359460800000, "Week: [w] of [xNn]", nullptr, "Week: 5 of January"},
      {1483272000000, "Week: [w] of [xNn]", nullptr, "Week: 5 of December"},
      {1533038400000, "Week: [w] of [xNn]", nullptr, "Week: 1 of August"},
      {-62135596800000, "[Y0001] [FNn]", nullptr, "0001 Monday"},
      {-62198841600000, "[Y0001]-[M01]-[D01]", nullptr, "-0002-12-31"},
  };
  for (const Row& row : rows) {
    const std::string picture = row.picture;
    CAPTURE(picture);
    std::optional<std::string_view> timezone;
    if (row.timezone != nullptr) timezone = row.timezone;
    CHECK(FromMillis(row.millis, picture, timezone) == row.expected);
  }
}

TEST_CASE("jsonata fromMillis: picture errors") {
  struct Row {
    const char* picture;
    const char* code;
  };
  const Row rows[] = {
      {"[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z010101t]", "D3134"},
      {"[YN]-[M]-[D]", "D3133"},
      {"[YN]-[M", "D3135"},
      {"[q]", "D3132"},
      {"[]", "D3132"},
      {"[D\u03b1]", "D3130"},
      {"[D1\u0661]", "D3131"},
  };
  for (const Row& row : rows) {
    const std::string picture = row.picture;
    CAPTURE(picture);
    CHECK(ErrorCode([&] { FromMillis(kFriday, picture, "+0530"); }) == row.code);
  }
}

TEST_CASE("jsonata toMillis: ISO 8601") {
  struct Row {
    const char* text;
    double expected;
  };
  const Row rows[] = {
      {"1970-01-01T00:00:00.001Z", 1},
      {"2018-02-01T09:42:13.123+0000", 1517478133123},
      {"2017-10-30", 1509321600000},
      {"2017-10-30T15:28:34Z", 1509377314000},
      {"2018", 1514764800000},
      {"2018-02", 1517443200000},
      {"2017-10-30T15:28:34.5+01:00", 1509373714500},
      {"2017-10-30T15:28:34.123456-05:30", 1509397114123},
      {"1881-12-21", -2777932800000},
      {"0001-01-01", -62135596800000},
      {"2019-02-30", 1551484800000},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(ToMillis(text, std::nullopt) == row.expected);
  }
  for (const char* text : {"2018-13-01", "2018-01-01-01", "2018-01-01.5", "2018-01-01T25:00:00Z"}) {
    CAPTURE(std::string_view(text));
    CHECK_FALSE(ToMillis(text, std::nullopt).has_value());
  }
  for (const char* text : {"foo", "01-02-2018", "2018-02-03 11:15:33", "", "2018-1-1", "2018-02-03T11:15Z"}) {
    CAPTURE(std::string_view(text));
    CHECK(ErrorCode([&] { ToMillis(text, std::nullopt); }) == "D3110");
  }
}

TEST_CASE("jsonata toMillis: pictures") {
  struct Row {
    const char* text;
    const char* picture;
    double expected;
  };
  const Row rows[] = {
      {"201802", "[Y0001][M01]", 1517443200000},
      {"201802", "[Y,*-4][M01]", 1517443200000},
      {"20180205", "[Y0001][M01][D01]", 1517788800000},
      {"2018-03-27T14:03:00.123Z", "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001]Z", 1522159380123},
      {"27th 3 1976", "[D1o] [M#1] [Y0001]", 196732800000},
      {"21st 12 1881", "[D1o] [M01] [Y0001]", -2777932800000},
      {"27 iii MMXVIII", "[D1] [Mi] [YI]", 1522108800000},
      {"ae C mmxviii", "[Da] [MA] [Yi]", 1522454400000},
      {"2 Feb 2012", "[D1] [MNn,3-3] [Y0001]", 1328140800000},
      {"nineteen hundred and eighty-four", "[Yw]", 441763200000},
      {"Twentieth of August, two thousand and seventeen", "[DW] of [MNn], [Yw]", 1503187200000},
      {"4/4/2018 12:06 am", "[D1]/[M1]/[Y0001] [h]:[m] [P]", 1522800360000},
      {"4/4/2018 12:06 pm", "[D1]/[M1]/[Y0001] [h]:[m] [P]", 1522843560000},
      {"2018-094", "[Y0001]-[d001]", 1522800000000},
      {"Mon, Twelfth November 2018", "[FNn,*-3], [DWwo] [MNn] [Y]", 1541980800000},
      {"2020-09-09 08:00:00 +02:00", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [Z]", 1599631200000},
      {"2020-09-09 12:00:00 GMT-5", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [z01]", 1599670800000},
      {"2020-09-09 12:00:00 -0530", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [Z0001]", 1599672600000},
      {"13:45", "[H]:[m]", 1589723100000},
      {"18", "[Y01]", -1640995200000},  // two-digit years are 19xx, as in JavaScript's Date.UTC
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(ToMillis(text, row.picture, kNow) == row.expected);
  }
  CHECK_FALSE(ToMillis("Hello", "Hello", kNow).has_value());
  CHECK_FALSE(ToMillis("irrelevent string", "[Y]-[M]-[D]", kNow).has_value());
  CHECK_FALSE(ToMillis("2018-05-22x", "[Y]-[M]-[D]", kNow).has_value());
}

TEST_CASE("jsonata toMillis: the current date fills leading components") {
  const auto now = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  const double today = std::floor(now / 86400000) * 86400000;
  const std::optional<double> parsed = ToMillis("13:45", "[H]:[m]");
  REQUIRE(parsed.has_value());
  CHECK((*parsed == today + 49500000 || *parsed == today + 86400000 + 49500000));
  CHECK(ToMillis("05-22", "[M01]-[D01]", kNow) == 1590105600000);  // 2020-05-22
}

TEST_CASE("jsonata toMillis: picture errors") {
  struct Row {
    const char* text;
    const char* picture;
    const char* code;
  };
  const Row rows[] = {
      {"2018-05-22", "[Y]-[M]-[q]", "D3132"},
      {"2018-05-22", "[YN]-[M]-[D]", "D3133"},
      {"2018-22", "[Y]-[D]", "D3136"},
      {"5-22 23:59", "[M]-[D] [m]:[s]", "D3136"},
      {"2018-3-2-5", "[X]-[x]-[w]-[F1]", "D3136"},
      {"2018-32-5", "[X]-[W]-[F1]", "D3136"},
      {"2018", "[Y\u03b1]", "D3130"},
      {"2018", "[Y", "D3135"},
  };
  for (const Row& row : rows) {
    const std::string picture = row.picture;
    CAPTURE(picture);
    CHECK(ErrorCode([&] { ToMillis(row.text, picture, kNow); }) == row.code);
  }
}

TEST_CASE("jsonata dates: formatting and parsing round-trip over years 0000-9999") {
  constexpr double kYear0 = -62167219200000;     // 0000-01-01T00:00:00.000Z
  constexpr double kYear100 = -59011459200000;   // 0100-01-01T00:00:00.000Z
  constexpr double kYear9999 = 253402300799999;  // 9999-12-31T23:59:59.999Z
  constexpr int kSamples = 3000;
  for (int i = 0; i <= kSamples; ++i) {
    // A deterministic spread that also hits day boundaries exactly.
    const double millis = std::floor(kYear0 + (kYear9999 - kYear0) * i / kSamples);
    const double day_start = std::floor(millis / 86400000) * 86400000;
    for (double instant : {millis, day_start}) {
      const std::string iso = FromMillis(instant, std::nullopt, std::nullopt);
      CAPTURE(iso);
      CHECK(ToMillis(iso, std::nullopt, kNow) == instant);
      // Parsed years 0-99 mean 1900-1999 (as JavaScript's Date.UTC has it), so those do not round-trip.
      if (instant < kYear100) continue;
      const std::string local =
          FromMillis(instant, "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01].[f001] [Z]", "-0330");
      CHECK(ToMillis(local, "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01].[f001] [Z]", kNow) == instant);
    }
  }
}

TEST_CASE("jsonata toMillis: hostile input stays bounded") {
  const std::string digits(1000, '7');
  CHECK_FALSE(ToMillis(digits + "x", "[Y][M][D][H][m][s][f]x", kNow).has_value());
  const std::string words(1000, '-');
  CHECK_FALSE(ToMillis(words + "x", "[Dw][Mw][Yw]x", kNow).has_value());
  std::string picture;
  for (int i = 0; i < 1000; ++i) picture += "[D]";
  CHECK(ToMillis(std::string(1000, '1'), picture, kNow) == 1588291200000);  // 2020-05-01
  CHECK_FALSE(ToMillis(std::string(500, '1'), picture, kNow).has_value());
  std::string digit_literals;
  for (int i = 0; i < 300; ++i) digit_literals += "[D]1";
  CHECK_FALSE(ToMillis(std::string(1000, '1') + "x", digit_literals, kNow).has_value());
  CHECK_FALSE(ToMillis(std::string(5000, '1'), "[Y]", kNow).has_value());
  CHECK(FromMillis(kFriday, std::string(5000, '['), std::nullopt) == std::string(2500, '['));
  CHECK(FromMillis(kFriday, "[Y,99999999]", std::nullopt).size() == 1000);
}

}  // namespace
}  // namespace sfn::jsonata
