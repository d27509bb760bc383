namespace FirewallGateway.Reports;

/// <summary>
/// When the scheduled report goes out and which period it covers: the day, week (Monday to Monday) or month
/// that ended at the send time's midnight (UTC). Pure, so it is tested with plain dates.
/// </summary>
internal static class ReportSchedule
{
    /// <summary>The first send time strictly after <paramref name="now"/>, or null when the schedule is off.</summary>
    public static DateTimeOffset? NextRun(string schedule, int sendAtHour, DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        for (int day = 0; day <= 62; day++)
        {
            var date = today.AddDays(day);
            bool due = schedule switch
            {
                "daily" => true,
                "weekly" => date.DayOfWeek == DayOfWeek.Monday,
                "monthly" => date.Day == 1,
                _ => false,
            };
            var at = date.AddHours(sendAtHour);
            if (due && at > now)
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>The period a report sent at <paramref name="runAt"/> covers: [start, midnight of the send day).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) PeriodFor(string schedule, DateTimeOffset runAt)
    {
        var end = new DateTimeOffset(runAt.UtcDateTime.Date, TimeSpan.Zero);
        var start = schedule switch
        {
            "weekly" => end.AddDays(-7),
            "monthly" => end.AddMonths(-1),
            _ => end.AddDays(-1),
        };
        return (start, end);
    }
}
