package dev.ferry.corpus;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * java.time values as working state: two centuries walked a day at a time, Easter dates, meetings
 * as records of {@code LocalDateTime} and {@code Duration}, {@code Period} sums, a fixed
 * {@code ZoneOffset}, a {@code DayOfWeek} EnumMap, and formatters in static final fields — one of
 * the JDK's predefined ones ({@code ISO_LOCAL_DATE_TIME}), whose internals differ between JDK 17
 * and 25 (a move between them must give it the reading JDK's own), and one built from a pattern.
 */
public class CalendarWork {
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd EEE", Locale.ROOT);
    static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    record Meeting(LocalDateTime start, Duration length, String title) {
    }

    static LocalDate easter(int y) {
        int a = y % 19;
        int b = y / 100;
        int c = y % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        return LocalDate.of(y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        LocalDate day = LocalDate.of(1900, 1, 1);
        LocalDate end = LocalDate.of(2100, 12, 31);
        Map<DayOfWeek, Integer> thirteenths = new EnumMap<>(DayOfWeek.class);
        Map<YearMonth, Integer> fridays = new TreeMap<>();
        Duration total = Duration.ZERO;
        Period age = Period.ZERO;
        ZoneOffset offset = ZoneOffset.ofHoursMinutes(5, 30);
        List<Meeting> meetings = new ArrayList<>();
        long check = 0;
        while (!day.isAfter(end)) {
            if (day.getDayOfMonth() == 13) {
                thirteenths.merge(day.getDayOfWeek(), 1, Integer::sum);
            }
            if (day.getDayOfWeek() == DayOfWeek.FRIDAY && day.getYear() % 50 == 0) {
                fridays.merge(YearMonth.from(day), 1, Integer::sum);
            }
            if (day.getDayOfYear() == 1) {
                LocalDate e = easter(day.getYear());
                age = age.plus(Period.between(day, e));
                LocalDateTime at = e.atTime(9, day.getYear() % 60, day.getYear() % 7, day.getYear() % 1000 * 1_000_000);
                Meeting m = new Meeting(at, Duration.ofMinutes(30 + day.getYear() % 90), "easter " + day.getYear());
                meetings.add(m);
                total = total.plus(m.length());
                ZonedDateTime z = at.atOffset(offset).toZonedDateTime();
                check = check * 31 + z.toEpochSecond() + e.format(DAY).hashCode();
                if (day.getYear() % 25 == 0) {
                    System.out.println(day.getYear() + ": easter " + e.format(DAY) + " at " + at.format(ISO) + " " + offset
                            + " epoch=" + z.toEpochSecond() + " total=" + total);
                }
            }
            day = day.plusDays(1);
        }
        long busy = 0;
        for (int round = 0; round < rounds; round++) {
            for (Meeting m : meetings) {
                LocalDateTime t = m.start().plusWeeks(round).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
                busy += ChronoUnit.MINUTES.between(t, t.plus(m.length())) + t.getDayOfWeek().getValue()
                        + t.get(ChronoField.ALIGNED_WEEK_OF_YEAR);
                Instant instant = t.toInstant(ZoneOffset.UTC);
                busy ^= instant.getEpochSecond();
            }
            if (round % 10 == 0) {
                System.out.println("round " + round + " busy=" + busy + " " + meetings.get(round).start().format(ISO));
            }
        }
        System.out.println("13ths=" + thirteenths + " fridays=" + fridays.size() + " total=" + total + " age="
                + age.normalized() + " busy=" + busy + " check=" + check);
    }
}
