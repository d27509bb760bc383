namespace FirewallGateway.Hosting;

/// <summary>
/// Kestrel's own certificate settings, section <c>Kestrel:Certificates:Default</c>, which Kestrel reads itself for
/// every <c>https://</c> URL. Bound here only so a wrong path stops start-up with a message naming the key, and so
/// the CLI can trust exactly this certificate when it talks to the local gateway.
/// </summary>
public sealed class HttpsCertificateOptions
{
    public const string SectionName = "Kestrel:Certificates:Default";

    /// <summary>PEM certificate (the server certificate first, then any intermediates).</summary>
    public string? Path { get; set; }

    /// <summary>PEM private key; unset when the key is in the <see cref="Path"/> file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of an encrypted PEM key.</summary>
    public string? Password { get; set; }
}
