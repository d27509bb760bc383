namespace FirewallGateway.Snmp;

/// <summary>
/// Why USM refused a message; each maps to a usmStats counter (RFC 3414 5) that a receiver counts and, for a
/// reportable message, answers with a Report.
/// </summary>
public enum UsmFailure
{
    /// <summary>usmStatsUnsupportedSecLevels: the message asks for a level the user cannot do.</summary>
    UnsupportedSecurityLevel,

    /// <summary>usmStatsNotInTimeWindows: boots/time outside the 150 s window.</summary>
    NotInTimeWindow,

    /// <summary>usmStatsUnknownUserNames.</summary>
    UnknownUserName,

    /// <summary>usmStatsUnknownEngineIDs: not our engine (also the answer to discovery).</summary>
    UnknownEngineId,

    /// <summary>usmStatsWrongDigests: the HMAC does not match (wrong auth password, or tampering).</summary>
    WrongDigest,

    /// <summary>usmStatsDecryptionErrors: bad privacy parameters, or a plaintext that does not decode (wrong priv password).</summary>
    DecryptionError,
}
