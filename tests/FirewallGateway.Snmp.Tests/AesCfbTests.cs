using FirewallGateway.Snmp.Security;

namespace FirewallGateway.Snmp.Tests;

public sealed class AesCfbTests
{
    // NIST SP 800-38A F.3.13, CFB128-AES128.Encrypt: the mode RFC 3826 uses, so our CFB loop is checked on its own.
    private const string Key = "2B7E151628AED2A6ABF7158809CF4F3C";
    private const string Iv = "000102030405060708090A0B0C0D0E0F";
    private const string Plaintext = "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51";
    private const string Ciphertext = "3B3FD92EB72DAD20333449F8E83CFB4AC8A64537A0B3A93FCDE3CDAD9F1CE58B";

    private static readonly UsmLocalizedKeys Keys = new(AuthProtocol.Sha1, new byte[20], PrivProtocol.Aes128, Convert.FromHexString(Key));

    [Fact]
    public void Transform_NistCfb128Vector_Encrypts()
    {
        var output = new byte[32];

        UsmPrivacy.Transform(Convert.FromHexString(Plaintext), output, Keys, Convert.FromHexString(Iv), encrypt: true);

        Assert.Equal(Ciphertext, Convert.ToHexString(output));
    }

    [Fact]
    public void Transform_NistCfb128Vector_Decrypts()
    {
        var output = new byte[32];

        UsmPrivacy.Transform(Convert.FromHexString(Ciphertext), output, Keys, Convert.FromHexString(Iv), encrypt: false);

        Assert.Equal(Plaintext, Convert.ToHexString(output));
    }

    [Fact]
    public void Transform_PartialLastBlock_CiphertextAsLongAsPlaintext()
    {
        // CFB needs no padding (RFC 3826 3.1.3): 21 bytes in, the first 21 bytes of the full-block result out.
        var output = new byte[21];

        UsmPrivacy.Transform(Convert.FromHexString(Plaintext).AsSpan(0, 21), output, Keys, Convert.FromHexString(Iv), encrypt: true);

        Assert.Equal(Ciphertext[..42], Convert.ToHexString(output));
    }
}
