namespace FirewallGateway.Snmp.Client;

/// <summary>Why a request to an agent failed.</summary>
public enum SnmpRequestFailure
{
    /// <summary>No (matching) answer within the timeout, after every retry; or the port refused.</summary>
    Timeout,

    /// <summary>The agent answered with an error-status (RFC 3416), e.g. noAccess or authorizationError.</summary>
    AgentError,

    /// <summary>USM refused: see <see cref="SnmpRequestException.UsmFailure"/> (wrong password, unknown user...).</summary>
    Security,

    /// <summary>The answer did not decode.</summary>
    Malformed,

    /// <summary>The agent's host name did not resolve.</summary>
    Unresolved,
}
