namespace FirewallGateway.Snmp.Client;

/// <summary>
/// What a non-authoritative engine knows of an agent's engine (RFC 3414 2.3): its ID, boots and time as last
/// seen, when that was, and the user's keys localised for it.
/// </summary>
internal sealed record EngineState(byte[] EngineId, int Boots, int Time, long LearnedAt, UsmLocalizedKeys Keys)
{
    /// <summary>The agent's engine time now, by our clock since we learned it.</summary>
    public int TimeNow(TimeProvider timeProvider)
    {
        double elapsed = timeProvider.GetElapsedTime(LearnedAt).TotalSeconds;
        return (int)Math.Min(int.MaxValue, Time + elapsed);
    }
}
