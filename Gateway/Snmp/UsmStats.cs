namespace FirewallGateway.Snmp;

/// <summary>The usmStats counter OIDs (RFC 3414 5, usmStats 1.3.6.1.6.3.15.1.1) that Reports carry.</summary>
public static class UsmStats
{
    public static Oid UnsupportedSecLevels { get; } = Oid.Parse("1.3.6.1.6.3.15.1.1.1.0");

    public static Oid NotInTimeWindows { get; } = Oid.Parse("1.3.6.1.6.3.15.1.1.2.0");

    public static Oid UnknownUserNames { get; } = Oid.Parse("1.3.6.1.6.3.15.1.1.3.0");

    public static Oid UnknownEngineIds { get; } = Oid.Parse("1.3.6.1.6.3.15.1.1.4.0");

    public static Oid WrongDigests { get; } = Oid.Parse("1.3.6.1.6.3.15.1.1.5.0");

    public static Oid DecryptionErrors { get; } = Oid.Parse("1.3.6.1.6.3.15.1.1.6.0");

    public static Oid For(UsmFailure failure) => failure switch
    {
        UsmFailure.UnsupportedSecurityLevel => UnsupportedSecLevels,
        UsmFailure.NotInTimeWindow => NotInTimeWindows,
        UsmFailure.UnknownUserName => UnknownUserNames,
        UsmFailure.UnknownEngineId => UnknownEngineIds,
        UsmFailure.WrongDigest => WrongDigests,
        _ => DecryptionErrors,
    };

    /// <summary>The failure a Report's first varbind names, or null for another OID.</summary>
    public static UsmFailure? FailureOf(Oid reportOid) =>
        reportOid == UnsupportedSecLevels ? UsmFailure.UnsupportedSecurityLevel
        : reportOid == NotInTimeWindows ? UsmFailure.NotInTimeWindow
        : reportOid == UnknownUserNames ? UsmFailure.UnknownUserName
        : reportOid == UnknownEngineIds ? UsmFailure.UnknownEngineId
        : reportOid == WrongDigests ? UsmFailure.WrongDigest
        : reportOid == DecryptionErrors ? UsmFailure.DecryptionError
        : null;
}
