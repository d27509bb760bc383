namespace FirewallGateway.Snmp.Client;

/// <summary>A request to an agent failed; <see cref="Failure"/> (and <see cref="UsmFailure"/>) say why, for counting.</summary>
public sealed class SnmpRequestException : Exception
{
    public SnmpRequestException()
        : this(SnmpRequestFailure.Timeout, "SNMP request failed")
    {
    }

    public SnmpRequestException(string message)
        : this(SnmpRequestFailure.Timeout, message)
    {
    }

    public SnmpRequestException(string message, Exception innerException)
        : this(SnmpRequestFailure.Malformed, message, innerException)
    {
    }

    public SnmpRequestException(SnmpRequestFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>A USM refusal, reported by the agent or found checking its answer.</summary>
    public SnmpRequestException(UsmFailure usmFailure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = SnmpRequestFailure.Security;
        UsmFailure = usmFailure;
    }

    public SnmpRequestFailure Failure { get; }

    /// <summary>Set when <see cref="Failure"/> is <see cref="SnmpRequestFailure.Security"/>.</summary>
    public UsmFailure? UsmFailure { get; }

    /// <summary>A short word for metrics labels and the CLI: "timeout", "wrong-digest", ...</summary>
    public string Reason => UsmFailure switch
    {
        Snmp.UsmFailure.WrongDigest => "wrong-digest",
        Snmp.UsmFailure.UnknownUserName => "unknown-user",
        Snmp.UsmFailure.UnsupportedSecurityLevel => "unsupported-security-level",
        Snmp.UsmFailure.NotInTimeWindow => "not-in-time-window",
        Snmp.UsmFailure.UnknownEngineId => "unknown-engine-id",
        Snmp.UsmFailure.DecryptionError => "decryption-error",
        _ => Failure switch
        {
            SnmpRequestFailure.AgentError => "agent-error",
            SnmpRequestFailure.Malformed => "malformed",
            SnmpRequestFailure.Unresolved => "unresolved",
            _ => "timeout",
        },
    };
}
