using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Security;

/// <summary>What USM made of a v3 message.</summary>
internal enum UsmOutcome
{
    /// <summary>Authenticated (and decrypted): <see cref="UsmAcceptance.ScopedPdu"/> is the sender's.</summary>
    Accepted,

    /// <summary>An engine ID discovery probe (RFC 3414 §4): answered with a Report, nothing else to do.</summary>
    Discovery,

    /// <summary>Refused for <see cref="UsmAcceptance.Reject"/>; a reportable message may get a Report.</summary>
    Refused,
}

/// <param name="Outcome">Accepted, discovery or refused.</param>
/// <param name="Reject">The reject reason (a <c>TrapRejectReasons</c> value) when refused.</param>
/// <param name="Answer">A Report to send back, or null.</param>
/// <param name="ScopedPdu">The plaintext ScopedPDU when accepted.</param>
/// <param name="Keys">The keys that authenticated it (they also sign the answer to an inform).</param>
internal sealed record UsmAcceptance(UsmOutcome Outcome, string? Reject, byte[]? Answer, ScopedPdu? ScopedPdu, UsmLocalizedKeys? Keys)
{
    public static UsmAcceptance Refused(string reason, byte[]? report) => new(UsmOutcome.Refused, reason, report, null, null);
}
