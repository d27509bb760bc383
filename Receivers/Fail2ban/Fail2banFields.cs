namespace FirewallGateway.Receivers.Fail2ban;

/// <summary>The raw fields of one fail2ban report as they came (JSON or form), before validation.</summary>
internal sealed class Fail2banFields
{
    public string? Ip { get; set; }

    public string? Jail { get; set; }

    public string? Protocol { get; set; }

    public string? Port { get; set; }

    public string? Bantime { get; set; }

    public string? Failures { get; set; }

    public string? Host { get; set; }

    public string? Matches { get; set; }

    /// <summary>Sets a known field; unknown names are ignored so newer actions keep working with older gateways.</summary>
    public void Set(string name, string value)
    {
        switch (name)
        {
            case "ip": Ip = value; break;
            case "jail" or "name": Jail = value; break;
            case "protocol": Protocol = value; break;
            case "port": Port = value; break;
            case "bantime": Bantime = value; break;
            case "failures": Failures = value; break;
            case "host" or "hostname": Host = value; break;
            case "matches": Matches = value; break;
            default: break;
        }
    }
}
