using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Hosting;

/// <summary>The gateway process itself. Section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Folder for the SQLite database and the generated admin credentials. Default "data".</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Name of the operator login created at first start when no operator exists; its password is written to
    /// <c>&lt;DataDirectory&gt;/admin.credentials</c> (mode 600). Default "admin".
    /// </summary>
    [Required]
    [RegularExpression(@"\A[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}\z")]
    public string BootstrapOperator { get; set; } = "admin";
}
