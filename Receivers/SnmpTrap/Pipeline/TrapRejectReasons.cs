using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Pipeline;

/// <summary>Why a packet or trap was refused: the <c>reason</c> label of <c>firewallgateway.snmptrap.rejects</c>.</summary>
internal static class TrapRejectReasons
{
    public const string SenderNotAllowed = "sender-not-allowed";
    public const string Malformed = "malformed";
    public const string UnsupportedVersion = "unsupported-version";
    public const string UnsupportedPdu = "unsupported-pdu";
    public const string UnknownCommunity = "unknown-community";
    public const string UnknownEngineId = "unknown-engine-id";
    public const string UnknownUser = "unknown-user";
    public const string UnsupportedSecurityLevel = "unsupported-security-level";
    public const string WrongDigest = "wrong-digest";
    public const string NotInTimeWindow = "not-in-time-window";
    public const string DecryptionFailed = "decryption-failed";
    public const string NoTrapOid = "no-trap-oid";
    public const string UnknownTrapOid = "unknown-trap-oid";
    public const string NoAddressVarBind = "no-address-varbind";
    public const string NotAnAddress = "not-an-address";
    public const string UnsupportedSecurityModel = "unsupported-security-model";
    public const string ReportQueueFull = "report-queue-full";

    /// <summary>The reason for a packet the codec could not decode: SNMPv1 and v1 Trap-PDUs are counted apart from junk.</summary>
    public static string Of(SnmpDecodeError error) => error switch
    {
        SnmpDecodeError.UnsupportedVersion => UnsupportedVersion,
        SnmpDecodeError.UnsupportedPdu => UnsupportedPdu,
        SnmpDecodeError.UnsupportedSecurityModel => UnsupportedSecurityModel,
        _ => Malformed,
    };
}
