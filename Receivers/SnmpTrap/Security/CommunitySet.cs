using System.Security.Cryptography;
using System.Text;

namespace FirewallGateway.Receivers.SnmpTrap.Security;

/// <summary>The accepted v2c communities, compared in constant time so a sender cannot guess one byte by byte.</summary>
internal sealed class CommunitySet
{
    private readonly byte[][] _communities;

    public CommunitySet(IEnumerable<string> communities)
    {
        _communities = [.. communities.Select(Encoding.UTF8.GetBytes)];
    }

    public int Count => _communities.Length;

    public bool Contains(ReadOnlySpan<byte> community)
    {
        bool found = false;
        foreach (byte[] known in _communities)
        {
            found |= known.Length == community.Length && CryptographicOperations.FixedTimeEquals(known, community);
        }

        return found;
    }
}
