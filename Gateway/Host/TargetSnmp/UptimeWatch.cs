namespace FirewallGateway.TargetSnmp;

/// <summary>
/// Decides from successive sysUpTime readings (and snmpEngineBoots, over v3) whether a device rebooted between
/// two polls. No I/O: the caller gives the readings and when it took them.
/// </summary>
internal sealed class UptimeWatch
{
    /// <summary>sysUpTime is TimeTicks: hundredths of a second in 32 bits, so it wraps after 497 days.</summary>
    private const long TicksRange = 1L << 32;

    private Reading? _last;

    /// <summary>
    /// Records a reading; returns why it shows a reboot since the previous one, or null. A reboot is: engine
    /// boots went up; uptime went down (not by wrapping); or uptime grew far less than the time that passed,
    /// which catches a reboot that happened long enough ago for the uptime to climb past the last reading.
    /// </summary>
    public string? Observe(uint uptimeTicks, DateTimeOffset at, int? engineBoots)
    {
        var last = _last;
        _last = new Reading(uptimeTicks, at, engineBoots);
        if (last is null)
        {
            return null;
        }

        if (engineBoots > last.Boots)
        {
            return $"snmpEngineBoots went from {last.Boots} to {engineBoots}";
        }

        long elapsedTicks = (long)Math.Max(0, (at - last.At).TotalMilliseconds / 10);
        long expected = last.Ticks + elapsedTicks;
        // Polls are late by their timeouts and retries, and clocks differ a little: allow 10 s and 5 %.
        long slack = 1000 + (elapsedTicks / 20);
        if (expected >= TicksRange && Math.Abs(uptimeTicks - (expected - TicksRange)) <= slack)
        {
            return null;
        }

        if (uptimeTicks < last.Ticks)
        {
            return $"sysUpTime dropped from {Format(last.Ticks)} to {Format(uptimeTicks)}";
        }

        return uptimeTicks + slack < expected
            ? $"sysUpTime is {Format(uptimeTicks)}, {Format(expected - uptimeTicks)} less than the time since the last poll explains"
            : null;
    }

    private static string Format(long ticks) => TimeSpan.FromMilliseconds(ticks * 10.0).ToString(@"d\.hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Reading(uint Ticks, DateTimeOffset At, int? Boots);
}
