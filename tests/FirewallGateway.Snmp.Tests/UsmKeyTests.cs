namespace FirewallGateway.Snmp.Tests;

public sealed class UsmKeyTests
{
    private static readonly byte[] RfcEngineId = Convert.FromHexString("000000000000000000000002");

    [Fact]
    public void PasswordToKey_Rfc3414A32Sha_MatchesPublishedKey()
    {
        byte[] ku = Usm.PasswordToKey(AuthProtocol.Sha1, "maplesyrup");

        Assert.Equal("9FB5CC0381497B3793528939FF788D5D79145211", Convert.ToHexString(ku));
    }

    [Fact]
    public void LocalizeKey_Rfc3414A32Sha_MatchesPublishedLocalizedKey()
    {
        byte[] kul = Usm.LocalizeKey(AuthProtocol.Sha1, Usm.PasswordToKey(AuthProtocol.Sha1, "maplesyrup"), RfcEngineId);

        Assert.Equal("6695FEBC9288E36282235FC7151F128497B38F3F", Convert.ToHexString(kul));
    }

    [Fact]
    public void LocalizeKeys_ShaAesUser_AuthAndPrivKeysFromTheirOwnPasswords()
    {
        var user = new UsmUser("gateway", AuthProtocol.Sha1, "maplesyrup", PrivProtocol.Aes128, "maplesyrup");

        UsmLocalizedKeys keys = Usm.LocalizeKeys(user, RfcEngineId);

        // Same password for both: RFC 3826 makes the privacy key exactly like the auth key.
        Assert.Equal("6695FEBC9288E36282235FC7151F128497B38F3F", Convert.ToHexString(keys.AuthKey));
        Assert.Equal(Convert.ToHexString(keys.AuthKey), Convert.ToHexString(keys.PrivKey));
    }

    [Fact]
    public void LocalizeKeys_Sha256_Gives32ByteKeys()
    {
        var user = new UsmUser("gateway", AuthProtocol.Sha256, "maplesyrup", PrivProtocol.Aes128, "another-secret");

        UsmLocalizedKeys keys = Usm.LocalizeKeys(user, RfcEngineId);

        Assert.Equal(32, keys.AuthKey.Length);
        Assert.Equal(32, keys.PrivKey.Length);
        Assert.NotEqual(Convert.ToHexString(keys.AuthKey), Convert.ToHexString(keys.PrivKey));
    }

    [Theory]
    [InlineData("short", "long-enough")]
    [InlineData("long-enough", "short")]
    public void LocalizeKeys_PasswordUnder8Characters_Refused(string auth, string priv)
    {
        var user = new UsmUser("gateway", AuthProtocol.Sha1, auth, PrivProtocol.Aes128, priv);

        Assert.Throws<ArgumentException>(() => Usm.LocalizeKeys(user, RfcEngineId));
    }

    [Fact]
    public void ToString_User_LeavesPasswordsOut()
    {
        var user = new UsmUser("gateway", AuthProtocol.Sha1, "auth-secret-1", PrivProtocol.Aes128, "priv-secret-1");

        Assert.DoesNotContain("secret", user.ToString(), StringComparison.Ordinal);
    }
}
