using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.RouterOs;

/// <summary>Which menu and list an address goes to, and its text as RouterOS stores it.</summary>
internal sealed class AddressLists
{
    public const string Menu4 = "/ip/firewall/address-list";
    public const string Menu6 = "/ipv6/firewall/address-list";

    /// <summary>Properties printed: the slow ones are never computed.</summary>
    public const string PropList = ".id,list,address,timeout,dynamic,comment";

    public AddressLists(string list4, string list6)
    {
        List4 = list4;
        List6 = list6;
    }

    public string List4 { get; }

    public string List6 { get; }

    public static string Menu(BanAddress address) => address.IsIPv4 ? Menu4 : Menu6;

    public string List(BanAddress address) => address.IsIPv4 ? List4 : List6;

    /// <summary>
    /// IPv6 single addresses are stored (and matched by <c>?address=</c>) as <c>/128</c>; IPv4 single
    /// addresses without <c>/32</c>; blocks as CIDR.
    /// </summary>
    public static string Text(BanAddress address) =>
        address.IsSingleAddress && address.IsIPv4 ? address.ToString() : address.ToCidrString();
}
