namespace FirewallGateway.Snmp;

/// <summary>USM authentication protocols.</summary>
public enum AuthProtocol
{
    /// <summary>usmNoAuthProtocol: noAuthNoPriv.</summary>
    None,

    /// <summary>usmHMACSHAAuthProtocol (RFC 3414 7): HMAC-SHA-1 truncated to 96 bits.</summary>
    Sha1,

    /// <summary>usmHMAC192SHA256AuthProtocol (RFC 7860): HMAC-SHA-256 truncated to 192 bits.</summary>
    Sha256,
}
