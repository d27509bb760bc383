namespace FirewallGateway.Core.Storage;

/// <summary>What a target must do with an address.</summary>
public enum ChangeKind
{
    Ban,
    Unban,
}
