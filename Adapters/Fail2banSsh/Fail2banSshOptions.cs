namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>
/// One central firewall reached over SSH as a restricted account whose forced command runs only
/// <c>fail2ban-client</c> on one jail. Section <c>Targets:&lt;name&gt;</c> with <c>Kind = fail2ban-ssh</c>.
/// </summary>
public sealed class Fail2banSshOptions
{
    /// <summary>The value of <c>Kind</c> that selects this adapter.</summary>
    public const string KindName = "fail2ban-ssh";

    /// <summary>Always <c>fail2ban-ssh</c> (read by the host to pick the adapter).</summary>
    public string Kind { get; set; } = KindName;

    /// <summary>The firewall's host name or address. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The SSH port. Default 22; 1 to 65535.</summary>
    public int Port { get; set; } = 22;

    /// <summary>The restricted account on the firewall. Required; a plain POSIX user name.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>Path of the private key (OpenSSH ed25519 or RSA). Required; read at connect time.</summary>
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>The key's passphrase, when it has one. Prefer <see cref="KeyPassphraseFile"/>; at most one of the two.</summary>
    public string? KeyPassphrase { get; set; }

    /// <summary>A file whose first line is the key's passphrase (root-only). At most one of this and <see cref="KeyPassphrase"/>.</summary>
    public string? KeyPassphraseFile { get; set; }

    /// <summary>
    /// The firewall's host key as OpenSSH prints it (<c>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</c>):
    /// <c>SHA256:</c> and 43 base64 characters. Any other key is refused before the account's key is offered.
    /// Required unless <see cref="TrustOnFirstUse"/> is true.
    /// </summary>
    public string? HostKeySha256 { get; set; }

    /// <summary>
    /// Accept the first host key seen and pin it for the life of the process (logged as a warning so the operator
    /// can copy it into <see cref="HostKeySha256"/>). Default false; not allowed together with <see cref="HostKeySha256"/>.
    /// </summary>
    public bool TrustOnFirstUse { get; set; }

    /// <summary>The firewall's jail the gateway bans into. Required; letters, digits, '_', '-', '.', at most 64, starting with a letter or digit.</summary>
    public string Jail { get; set; } = string.Empty;

    /// <summary>Most addresses in one <c>fail2ban-client set &lt;jail&gt; banip</c> call. Default 200; 1 to 1000.</summary>
    public int MaxAddressesPerCall { get; set; } = 200;

    /// <summary>
    /// Send <c>unbanip</c> when a decision ends early (operator unban). Default false: the firewall's jail bantime
    /// decides when a ban ends, and the account needs no right to lift bans.
    /// </summary>
    public bool AllowUnban { get; set; }

    /// <summary>Longest wait for connecting and for each command. Default 30 s; 1 s to 10 min.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>SSH keep-alive interval on the reused connection. Default 30 s; 0 turns it off; at most 1 hour.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The firewall's time zone (IANA id): <c>get &lt;jail&gt; banip --with-time</c> prints ban ends in the
    /// fail2ban server's local time. Default <c>UTC</c>.
    /// </summary>
    public string FirewallTimeZone { get; set; } = "UTC";
}
