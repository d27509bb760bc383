namespace FirewallGateway.Snmp;

/// <summary>USM privacy protocols.</summary>
public enum PrivProtocol
{
    /// <summary>usmNoPrivProtocol.</summary>
    None,

    /// <summary>usmAesCfb128Protocol (RFC 3826): AES-128 in 128-bit CFB mode.</summary>
    Aes128,
}
