package io.cipherocto.market.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.chain.contracts.StakeManager;
import io.cipherocto.market.support.ChainNode;
import io.cipherocto.market.support.ChainNode.Deployment;
import io.cipherocto.market.support.ChainNode.Revert;
import io.cipherocto.market.support.DevAccounts;
import io.cipherocto.market.support.TestWallets;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Every function and every revert of OctoToken, StakeManager and PaymentVault, against a real Hardhat node
 * ({@link ChainNode}, port 18545) through the generated web3j wrappers. Reverts are asserted by custom error
 * selector and decoded arguments, events by the wrappers' {@code getXxxEvents(receipt)}.
 * <p>
 * One deployment per class ({@link DevAccounts#ADMIN} deploys and holds every role, the treasury is a fresh
 * address); each test uses fresh accounts ({@link TestWallets}) so the tests do not depend on each other's
 * order. Tests that change global settings (cooldown, treasury, roles) deploy their own contracts.
 */
class ContractsTest {

    private static final long COOLDOWN = 3600;
    private static final Credentials ADMIN = DevAccounts.ADMIN;
    private static final String TREASURY = TestWallets.address();
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final byte[] DEFAULT_ADMIN_ROLE = new byte[32];

    /** Custom errors of all three contracts (incl. OZ's), by 4-byte selector, for readable failures. */
    private static final Map<String, CustomError> ERRORS = new HashMap<>();

    private static Web3j web3j;
    private static Deployment admin;
    private static byte[] minterRole;
    private static byte[] slasherRole;
    private static byte[] payoutRole;

    @BeforeAll
    static void deploy() throws Exception {
        for (Class<?> wrapper : List.of(OctoToken.class, StakeManager.class, PaymentVault.class)) {
            for (Field f : wrapper.getFields()) {
                if (f.getType() == CustomError.class && Modifier.isStatic(f.getModifiers())) {
                    CustomError e = (CustomError) f.get(null);
                    ERRORS.put(selector(e), e);
                }
            }
        }
        ChainNode.ensureRunning();
        web3j = ChainNode.web3j();
        admin = ChainNode.deploy(web3j, TREASURY, COOLDOWN);
        minterRole = admin.token().MINTER_ROLE().send();
        slasherRole = admin.stakeManager().SLASHER_ROLE().send();
        payoutRole = admin.paymentVault().PAYOUT_ROLE().send();
    }

    @AfterAll
    static void close() {
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    // ================================================================== node and accounts

    @Test
    void devAccountsAreTheNodesFundedAccounts() throws Exception {
        assertThat(web3j.ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(ChainNode.CHAIN_ID));
        List<String> nodeAccounts = StreamSupport.stream(ChainNode.rpc("eth_accounts").spliterator(), false)
                .map(n -> n.asText().toLowerCase()).toList();
        for (int i = 0; i < DevAccounts.COUNT; i++) {
            assertThat(nodeAccounts.get(i)).as("account #%d", i).isEqualTo(DevAccounts.address(i));
        }
        assertThat(admin.addresses()).containsOnlyKeys("OctoToken", "StakeManager", "PaymentVault");
        assertThat(admin.stakeManager().token().send()).isEqualToIgnoringCase(admin.token().getContractAddress());
        assertThat(admin.paymentVault().token().send()).isEqualToIgnoringCase(admin.token().getContractAddress());
    }

    // ================================================================== OctoToken

    @Test
    void tokenMetadataAndRoles() throws Exception {
        OctoToken token = admin.token();
        assertThat(token.name().send()).isEqualTo("Octo Token");
        assertThat(token.symbol().send()).isEqualTo("OCTO");
        assertThat(token.decimals().send()).isEqualTo(BigInteger.valueOf(18));
        assertThat(minterRole).isEqualTo(keccak("MINTER_ROLE"));
        assertThat(token.DEFAULT_ADMIN_ROLE().send()).isEqualTo(DEFAULT_ADMIN_ROLE);
        assertThat(token.hasRole(DEFAULT_ADMIN_ROLE, ADMIN.getAddress()).send()).isTrue();
        assertThat(token.hasRole(minterRole, ADMIN.getAddress()).send()).isTrue();
        assertThat(token.hasRole(minterRole, TestWallets.address()).send()).isFalse();
        assertThat(token.getRoleAdmin(minterRole).send()).isEqualTo(DEFAULT_ADMIN_ROLE);
        assertThat(token.supportsInterface(Numeric.hexStringToByteArray("0x7965db0b")).send())
                .as("IAccessControl").isTrue();
        assertThat(token.supportsInterface(Numeric.hexStringToByteArray("0x01ffc9a7")).send())
                .as("IERC165").isTrue();
        assertThat(token.supportsInterface(Numeric.hexStringToByteArray("0xffffffff")).send()).isFalse();
    }

    @Test
    void deployWithInitialSupplyMintsToDeployer() throws Exception {
        OctoToken token = OctoToken.deploy(web3j, ChainNode.txManager(web3j, ADMIN), ChainNode.GAS, octo(1000))
                .send();
        assertThat(token.totalSupply().send()).isEqualTo(octo(1000));
        assertThat(token.balanceOf(ADMIN.getAddress()).send()).isEqualTo(octo(1000));
        List<OctoToken.TransferEventResponse> transfers =
                OctoToken.getTransferEvents(token.getTransactionReceipt().orElseThrow());
        assertThat(transfers).singleElement().satisfies(t -> {
            assertThat(t.from).isEqualTo(ZERO_ADDRESS);
            assertThat(t.to).isEqualTo(ADMIN.getAddress());
            assertThat(t.value).isEqualTo(octo(1000));
        });
    }

    @Test
    void mintByMinter() throws Exception {
        String user = TestWallets.address();
        BigInteger supply = admin.token().totalSupply().send();
        BigInteger balance = admin.token().balanceOf(user).send();

        TransactionReceipt receipt = admin.token().mint(user, octo(250)).send();

        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(OctoToken.getTransferEvents(receipt)).singleElement().satisfies(t -> {
            assertThat(t.from).isEqualTo(ZERO_ADDRESS);
            assertThat(t.to).isEqualTo(user);
            assertThat(t.value).isEqualTo(octo(250));
        });
        assertThat(admin.token().balanceOf(user).send()).isEqualTo(balance.add(octo(250)));
        assertThat(admin.token().totalSupply().send()).isEqualTo(supply.add(octo(250)));
    }

    @Test
    void mintByNonMinterReverts() {
        Credentials user = TestWallets.fresh();
        assertRevert(() -> admin.as(user).token().mint(user.getAddress(), octo(1)).send(),
                OctoToken.ACCESSCONTROLUNAUTHORIZEDACCOUNT_ERROR, new Address(user.getAddress()),
                new Bytes32(minterRole));
    }

    @Test
    void transferApproveTransferFrom() throws Exception {
        Credentials owner = TestWallets.fresh();
        Credentials spender = TestWallets.fresh();
        String recipient = TestWallets.address();
        admin.token().mint(owner.getAddress(), octo(100)).send();
        BigInteger recipientBefore = admin.token().balanceOf(recipient).send();
        BigInteger ownerBefore = admin.token().balanceOf(owner.getAddress()).send();

        TransactionReceipt transfer = admin.as(owner).token().transfer(recipient, octo(10)).send();
        assertThat(OctoToken.getTransferEvents(transfer)).singleElement()
                .satisfies(t -> assertThat(t.value).isEqualTo(octo(10)));

        TransactionReceipt approve = admin.as(owner).token().approve(spender.getAddress(), octo(5)).send();
        assertThat(OctoToken.getApprovalEvents(approve)).singleElement().satisfies(a -> {
            assertThat(a.owner).isEqualTo(owner.getAddress());
            assertThat(a.spender).isEqualTo(spender.getAddress());
            assertThat(a.value).isEqualTo(octo(5));
        });
        assertThat(admin.token().allowance(owner.getAddress(), spender.getAddress()).send()).isEqualTo(octo(5));

        admin.as(spender).token().transferFrom(owner.getAddress(), recipient, octo(3)).send();
        assertThat(admin.token().allowance(owner.getAddress(), spender.getAddress()).send()).isEqualTo(octo(2));
        assertThat(admin.token().balanceOf(recipient).send()).isEqualTo(recipientBefore.add(octo(13)));
        assertThat(admin.token().balanceOf(owner.getAddress()).send()).isEqualTo(ownerBefore.subtract(octo(13)));

        assertRevert(() -> admin.as(spender).token().transferFrom(owner.getAddress(), recipient, octo(3)).send(),
                OctoToken.ERC20INSUFFICIENTALLOWANCE_ERROR, new Address(spender.getAddress()), new Uint256(octo(2)),
                new Uint256(octo(3)));
        BigInteger ownerBalance = admin.token().balanceOf(owner.getAddress()).send();
        assertRevert(() -> admin.as(owner).token().transfer(recipient, ownerBalance.add(BigInteger.ONE)).send(),
                OctoToken.ERC20INSUFFICIENTBALANCE_ERROR, new Address(owner.getAddress()), new Uint256(ownerBalance),
                new Uint256(ownerBalance.add(BigInteger.ONE)));
        assertRevert(() -> admin.as(owner).token().transfer(ZERO_ADDRESS, BigInteger.ONE).send(),
                OctoToken.ERC20INVALIDRECEIVER_ERROR, new Address(ZERO_ADDRESS));
    }

    // ================================================================== StakeManager: staking

    @Test
    void stakeManagerInitialState() throws Exception {
        StakeManager sm = admin.stakeManager();
        assertThat(sm.cooldown().send()).isEqualTo(BigInteger.valueOf(COOLDOWN));
        assertThat(sm.treasury().send()).isEqualTo(TREASURY);
        assertThat(slasherRole).isEqualTo(keccak("SLASHER_ROLE"));
        assertThat(sm.hasRole(DEFAULT_ADMIN_ROLE, ADMIN.getAddress()).send()).isTrue();
        assertThat(sm.hasRole(slasherRole, ADMIN.getAddress()).send()).isTrue(); // granted by ChainNode.deploy
        assertThat(sm.getRoleAdmin(slasherRole).send()).isEqualTo(DEFAULT_ADMIN_ROLE);
        assertThat(sm.supportsInterface(Numeric.hexStringToByteArray("0x7965db0b")).send()).isTrue();
        // the constructor announces both settings
        TransactionReceipt deployment = sm.getTransactionReceipt().orElseThrow();
        assertThat(StakeManager.getTreasuryUpdatedEvents(deployment)).singleElement().satisfies(e -> {
            assertThat(e.previousTreasury).isEqualTo(ZERO_ADDRESS);
            assertThat(e.newTreasury).isEqualTo(TREASURY);
        });
        assertThat(StakeManager.getCooldownUpdatedEvents(deployment)).singleElement().satisfies(e -> {
            assertThat(e.previousCooldown).isZero();
            assertThat(e.newCooldown).isEqualTo(BigInteger.valueOf(COOLDOWN));
        });
    }

    @Test
    void constructorsRejectZeroAddresses() {
        var tm = ChainNode.txManager(web3j, ADMIN);
        String token = admin.token().getContractAddress();
        assertRevert(() -> StakeManager.deploy(web3j, tm, ChainNode.GAS, ZERO_ADDRESS, TREASURY, BigInteger.ONE)
                .send(), StakeManager.ZEROADDRESS_ERROR);
        assertRevert(() -> StakeManager.deploy(web3j, tm, ChainNode.GAS, token, ZERO_ADDRESS, BigInteger.ONE).send(),
                StakeManager.ZEROADDRESS_ERROR);
        assertRevert(() -> PaymentVault.deploy(web3j, tm, ChainNode.GAS, ZERO_ADDRESS).send(),
                PaymentVault.ZEROADDRESS_ERROR);
    }

    @Test
    void stake() throws Exception {
        Credentials user = TestWallets.fresh();
        StakeManager sm = fund(user, octo(100)).stakeManager();
        BigInteger total = sm.totalStaked().send();
        BigInteger held = admin.token().balanceOf(sm.getContractAddress()).send();
        BigInteger balance = admin.token().balanceOf(user.getAddress()).send();

        TransactionReceipt receipt = sm.stake(octo(60)).send();

        assertThat(StakeManager.getStakedEvents(receipt)).singleElement().satisfies(e -> {
            assertThat(e.account).isEqualTo(user.getAddress());
            assertThat(e.amount).isEqualTo(octo(60));
        });
        assertThat(sm.stakedOf(user.getAddress()).send()).isEqualTo(octo(60));
        assertThat(sm.totalStaked().send()).isEqualTo(total.add(octo(60)));
        assertThat(admin.token().balanceOf(sm.getContractAddress()).send()).isEqualTo(held.add(octo(60)));
        assertThat(admin.token().balanceOf(user.getAddress()).send()).isEqualTo(balance.subtract(octo(60)));
    }

    @Test
    void stakeReverts() {
        Credentials user = TestWallets.fresh();
        StakeManager sm = admin.as(user).stakeManager();
        assertRevert(() -> sm.stake(BigInteger.ZERO).send(), StakeManager.ZEROAMOUNT_ERROR);
        // no approval: the token's own custom error bubbles up through SafeERC20
        assertRevert(() -> sm.stake(octo(1)).send(), OctoToken.ERC20INSUFFICIENTALLOWANCE_ERROR,
                new Address(sm.getContractAddress()), new Uint256(BigInteger.ZERO), new Uint256(octo(1)));
    }

    @Test
    void requestUnstakeSetsUnlockTimeAndALaterRequestResetsIt() throws Exception {
        Credentials user = TestWallets.fresh();
        StakeManager sm = fund(user, octo(100)).stakeManager();
        sm.stake(octo(100)).send();
        BigInteger totalStaked = sm.totalStaked().send();
        BigInteger totalUnstaking = sm.totalUnstaking().send();

        TransactionReceipt first = sm.requestUnstake(octo(30)).send();

        BigInteger unlockAt = blockTime(first).add(BigInteger.valueOf(COOLDOWN));
        assertThat(StakeManager.getUnstakeRequestedEvents(first)).singleElement().satisfies(e -> {
            assertThat(e.account).isEqualTo(user.getAddress());
            assertThat(e.amount).isEqualTo(octo(30));
            assertThat(e.unlockAt).isEqualTo(unlockAt);
        });
        assertThat(sm.unstakingOf(user.getAddress()).send().component1()).isEqualTo(octo(30));
        assertThat(sm.unstakingOf(user.getAddress()).send().component2()).isEqualTo(unlockAt);
        assertThat(sm.stakedOf(user.getAddress()).send()).isEqualTo(octo(70));
        assertThat(sm.totalStaked().send()).isEqualTo(totalStaked.subtract(octo(30)));
        assertThat(sm.totalUnstaking().send()).isEqualTo(totalUnstaking.add(octo(30)));

        ChainNode.increaseTime(100);
        TransactionReceipt second = sm.requestUnstake(octo(20)).send();

        BigInteger resetUnlockAt = blockTime(second).add(BigInteger.valueOf(COOLDOWN));
        assertThat(resetUnlockAt).isGreaterThanOrEqualTo(unlockAt.add(BigInteger.valueOf(100)));
        assertThat(StakeManager.getUnstakeRequestedEvents(second)).singleElement().satisfies(e -> {
            assertThat(e.amount).isEqualTo(octo(20));
            assertThat(e.unlockAt).isEqualTo(resetUnlockAt);
        });
        assertThat(sm.unstakingOf(user.getAddress()).send().component1()).isEqualTo(octo(50));
        assertThat(sm.unstakingOf(user.getAddress()).send().component2()).isEqualTo(resetUnlockAt);
        assertThat(sm.stakedOf(user.getAddress()).send()).isEqualTo(octo(50));
    }

    @Test
    void requestUnstakeReverts() throws Exception {
        Credentials user = TestWallets.fresh();
        StakeManager sm = fund(user, octo(10)).stakeManager();
        sm.stake(octo(10)).send();
        assertRevert(() -> sm.requestUnstake(BigInteger.ZERO).send(), StakeManager.ZEROAMOUNT_ERROR);
        assertRevert(() -> sm.requestUnstake(octo(11)).send(), StakeManager.INSUFFICIENTSTAKE_ERROR,
                new Uint256(octo(11)), new Uint256(octo(10)));
    }

    @Test
    void withdrawBeforeCooldownRevertsAndWorksAfterIt() throws Exception {
        Credentials user = TestWallets.fresh();
        StakeManager sm = fund(user, octo(100)).stakeManager();
        sm.stake(octo(100)).send();
        sm.requestUnstake(octo(40)).send();
        BigInteger unlockAt = sm.unstakingOf(user.getAddress()).send().component2();
        BigInteger totalUnstaking = sm.totalUnstaking().send();
        BigInteger balance = admin.token().balanceOf(user.getAddress()).send();

        assertRevert(() -> sm.withdraw().send(), StakeManager.COOLDOWNACTIVE_ERROR, new Uint256(unlockAt));

        ChainNode.increaseTime(COOLDOWN);
        TransactionReceipt receipt = sm.withdraw().send();

        assertThat(StakeManager.getWithdrawnEvents(receipt)).singleElement().satisfies(e -> {
            assertThat(e.account).isEqualTo(user.getAddress());
            assertThat(e.amount).isEqualTo(octo(40));
        });
        assertThat(OctoToken.getTransferEvents(receipt)).singleElement().satisfies(t -> {
            assertThat(t.from).isEqualToIgnoringCase(sm.getContractAddress());
            assertThat(t.to).isEqualTo(user.getAddress());
        });
        assertThat(admin.token().balanceOf(user.getAddress()).send()).isEqualTo(balance.add(octo(40)));
        assertThat(sm.unstakingOf(user.getAddress()).send().component1()).isZero();
        assertThat(sm.unstakingOf(user.getAddress()).send().component2()).isZero();
        assertThat(sm.totalUnstaking().send()).isEqualTo(totalUnstaking.subtract(octo(40)));
        assertThat(sm.stakedOf(user.getAddress()).send()).isEqualTo(octo(60));

        // the bucket is gone
        assertRevert(() -> sm.withdraw().send(), StakeManager.NOTHINGTOWITHDRAW_ERROR);
    }

    @Test
    void withdrawUnlocksExactlyAtUnlockTime() throws Exception {
        Credentials user = TestWallets.fresh();
        StakeManager sm = fund(user, octo(10)).stakeManager();
        sm.stake(octo(10)).send();
        sm.requestUnstake(octo(10)).send();
        BigInteger unlockAt = sm.unstakingOf(user.getAddress()).send().component2();

        ChainNode.rpc("evm_setNextBlockTimestamp", unlockAt.subtract(BigInteger.ONE).longValueExact());
        assertRevert(() -> sm.withdraw().send(), StakeManager.COOLDOWNACTIVE_ERROR, new Uint256(unlockAt));

        ChainNode.rpc("evm_setNextBlockTimestamp", unlockAt.longValueExact());
        TransactionReceipt receipt = sm.withdraw().send();
        assertThat(blockTime(receipt)).isEqualTo(unlockAt);
        assertThat(StakeManager.getWithdrawnEvents(receipt)).singleElement()
                .satisfies(e -> assertThat(e.amount).isEqualTo(octo(10)));
    }

    @Test
    void withdrawWithoutRequestReverts() {
        StakeManager sm = admin.as(TestWallets.fresh()).stakeManager(); // never staked
        assertRevert(() -> sm.withdraw().send(), StakeManager.NOTHINGTOWITHDRAW_ERROR);
    }

    // ================================================================== StakeManager: slashing

    @Test
    void slashTakesStakedThenUnstakingAndSendsToTreasury() throws Exception {
        Credentials user = TestWallets.fresh();
        StakeManager asUser = fund(user, octo(100)).stakeManager();
        asUser.stake(octo(100)).send();
        asUser.requestUnstake(octo(30)).send(); // staked 70, unstaking 30
        BigInteger unlockAt = asUser.unstakingOf(user.getAddress()).send().component2();
        StakeManager sm = admin.stakeManager();
        BigInteger treasuryBefore = admin.token().balanceOf(TREASURY).send();
        BigInteger totalStaked = sm.totalStaked().send();
        BigInteger totalUnstaking = sm.totalUnstaking().send();
        byte[] reason = keccak("offline: job 42");

        // 1. within the staked amount
        TransactionReceipt r1 = sm.slash(user.getAddress(), octo(20), reason).send();
        assertThat(StakeManager.getSlashedEvents(r1)).singleElement().satisfies(e -> {
            assertThat(e.account).isEqualTo(user.getAddress());
            assertThat(e.amount).isEqualTo(octo(20));
            assertThat(e.reasonHash).isEqualTo(reason);
            assertThat(e.slasher).isEqualTo(ADMIN.getAddress());
        });
        assertThat(OctoToken.getTransferEvents(r1)).singleElement().satisfies(t -> {
            assertThat(t.to).isEqualTo(TREASURY);
            assertThat(t.value).isEqualTo(octo(20));
        });
        assertThat(sm.stakedOf(user.getAddress()).send()).isEqualTo(octo(50));
        assertThat(sm.unstakingOf(user.getAddress()).send().component1()).isEqualTo(octo(30));

        // 2. across both: the remaining 50 staked, then 10 of the 30 unstaking (unlock time unchanged)
        sm.slash(user.getAddress(), octo(60), reason).send();
        assertThat(sm.stakedOf(user.getAddress()).send()).isZero();
        assertThat(sm.unstakingOf(user.getAddress()).send().component1()).isEqualTo(octo(20));
        assertThat(sm.unstakingOf(user.getAddress()).send().component2()).isEqualTo(unlockAt);

        // 3. the rest of the unstaking bucket: the bucket is deleted
        sm.slash(user.getAddress(), octo(20), reason).send();
        assertThat(sm.unstakingOf(user.getAddress()).send().component1()).isZero();
        assertThat(sm.unstakingOf(user.getAddress()).send().component2()).isZero();

        assertThat(admin.token().balanceOf(TREASURY).send()).isEqualTo(treasuryBefore.add(octo(100)));
        assertThat(sm.totalStaked().send()).isEqualTo(totalStaked.subtract(octo(70)));
        assertThat(sm.totalUnstaking().send()).isEqualTo(totalUnstaking.subtract(octo(30)));
        assertRevert(() -> asUser.withdraw().send(), StakeManager.NOTHINGTOWITHDRAW_ERROR);
    }

    @Test
    void slashReverts() throws Exception {
        Credentials user = TestWallets.fresh();
        StakeManager asUser = fund(user, octo(10)).stakeManager();
        asUser.stake(octo(10)).send();
        asUser.requestUnstake(octo(4)).send(); // staked 6 + unstaking 4 = 10 slashable
        byte[] reason = keccak("reason");
        StakeManager sm = admin.stakeManager();

        assertRevert(() -> asUser.slash(user.getAddress(), octo(1), reason).send(),
                StakeManager.ACCESSCONTROLUNAUTHORIZEDACCOUNT_ERROR, new Address(user.getAddress()),
                new Bytes32(slasherRole));
        assertRevert(() -> sm.slash(user.getAddress(), octo(11), reason).send(),
                StakeManager.INSUFFICIENTSTAKE_ERROR, new Uint256(octo(11)), new Uint256(octo(10)));
        assertRevert(() -> sm.slash(user.getAddress(), BigInteger.ZERO, reason).send(),
                StakeManager.ZEROAMOUNT_ERROR);
        assertRevert(() -> sm.slash(TREASURY, octo(1), reason).send(), // never staked
                StakeManager.INSUFFICIENTSTAKE_ERROR, new Uint256(octo(1)), new Uint256(BigInteger.ZERO));
        assertThat(sm.stakedOf(user.getAddress()).send()).isEqualTo(octo(6));
        assertThat(sm.unstakingOf(user.getAddress()).send().component1()).isEqualTo(octo(4));
    }

    // ================================================================== StakeManager: admin

    @Test
    void setCooldownAndSetTreasuryAreAdminOnly() throws Exception {
        Deployment own = ChainNode.deploy(web3j, TREASURY, COOLDOWN);
        StakeManager sm = own.stakeManager();
        Credentials stranger = TestWallets.fresh();
        StakeManager asStranger = own.as(stranger).stakeManager();

        TransactionReceipt cooldown = sm.setCooldown(BigInteger.valueOf(60)).send();
        assertThat(StakeManager.getCooldownUpdatedEvents(cooldown)).singleElement().satisfies(e -> {
            assertThat(e.previousCooldown).isEqualTo(BigInteger.valueOf(COOLDOWN));
            assertThat(e.newCooldown).isEqualTo(BigInteger.valueOf(60));
        });
        assertThat(sm.cooldown().send()).isEqualTo(BigInteger.valueOf(60));

        String newTreasury = TestWallets.address();
        TransactionReceipt treasury = sm.setTreasury(newTreasury).send();
        assertThat(StakeManager.getTreasuryUpdatedEvents(treasury)).singleElement().satisfies(e -> {
            assertThat(e.previousTreasury).isEqualTo(TREASURY);
            assertThat(e.newTreasury).isEqualTo(newTreasury);
        });
        assertThat(sm.treasury().send()).isEqualTo(newTreasury);

        assertRevert(() -> sm.setTreasury(ZERO_ADDRESS).send(), StakeManager.ZEROADDRESS_ERROR);
        assertRevert(() -> asStranger.setCooldown(BigInteger.ONE).send(),
                StakeManager.ACCESSCONTROLUNAUTHORIZEDACCOUNT_ERROR, new Address(stranger.getAddress()),
                new Bytes32(DEFAULT_ADMIN_ROLE));
        assertRevert(() -> asStranger.setTreasury(stranger.getAddress()).send(),
                StakeManager.ACCESSCONTROLUNAUTHORIZEDACCOUNT_ERROR, new Address(stranger.getAddress()),
                new Bytes32(DEFAULT_ADMIN_ROLE));
        assertThat(sm.cooldown().send()).isEqualTo(BigInteger.valueOf(60));
        assertThat(sm.treasury().send()).isEqualTo(newTreasury);

        // the new cooldown applies to new requests
        Credentials user = TestWallets.fresh();
        own.token().mint(user.getAddress(), octo(5)).send();
        own.as(user).token().approve(sm.getContractAddress(), octo(5)).send();
        own.as(user).stakeManager().stake(octo(5)).send();
        TransactionReceipt request = own.as(user).stakeManager().requestUnstake(octo(5)).send();
        assertThat(StakeManager.getUnstakeRequestedEvents(request).get(0).unlockAt)
                .isEqualTo(blockTime(request).add(BigInteger.valueOf(60)));
    }

    @Test
    void grantRevokeAndRenounceRoles() throws Exception {
        Deployment own = ChainNode.deploy(web3j, TREASURY, COOLDOWN);
        Credentials slasher = TestWallets.fresh();
        StakeManager sm = own.stakeManager();
        StakeManager asSlasher = own.as(slasher).stakeManager();

        TransactionReceipt grant = sm.grantRole(slasherRole, slasher.getAddress()).send();
        assertThat(StakeManager.getRoleGrantedEvents(grant)).singleElement().satisfies(e -> {
            assertThat(e.role).isEqualTo(slasherRole);
            assertThat(e.account).isEqualTo(slasher.getAddress());
            assertThat(e.sender).isEqualTo(ADMIN.getAddress());
        });
        assertThat(sm.hasRole(slasherRole, slasher.getAddress()).send()).isTrue();
        // a slasher may slash (ZeroAmount is checked after the role), but not grant roles
        assertRevert(() -> asSlasher.slash(slasher.getAddress(), BigInteger.ZERO, new byte[32]).send(),
                StakeManager.ZEROAMOUNT_ERROR);
        assertRevert(() -> asSlasher.grantRole(slasherRole, TestWallets.address()).send(),
                StakeManager.ACCESSCONTROLUNAUTHORIZEDACCOUNT_ERROR, new Address(slasher.getAddress()),
                new Bytes32(DEFAULT_ADMIN_ROLE));

        TransactionReceipt revoke = sm.revokeRole(slasherRole, slasher.getAddress()).send();
        assertThat(StakeManager.getRoleRevokedEvents(revoke)).singleElement()
                .satisfies(e -> assertThat(e.account).isEqualTo(slasher.getAddress()));
        assertRevert(() -> asSlasher.slash(slasher.getAddress(), BigInteger.ONE, new byte[32]).send(),
                StakeManager.ACCESSCONTROLUNAUTHORIZEDACCOUNT_ERROR, new Address(slasher.getAddress()),
                new Bytes32(slasherRole));

        sm.grantRole(slasherRole, slasher.getAddress()).send();
        assertRevert(() -> asSlasher.renounceRole(slasherRole, ADMIN.getAddress()).send(),
                StakeManager.ACCESSCONTROLBADCONFIRMATION_ERROR);
        TransactionReceipt renounce = asSlasher.renounceRole(slasherRole, slasher.getAddress()).send();
        assertThat(StakeManager.getRoleRevokedEvents(renounce)).singleElement()
                .satisfies(e -> assertThat(e.sender).isEqualTo(slasher.getAddress()));
        assertThat(sm.hasRole(slasherRole, slasher.getAddress()).send()).isFalse();
    }

    // ================================================================== PaymentVault

    @Test
    void vaultInitialState() throws Exception {
        PaymentVault vault = admin.paymentVault();
        assertThat(payoutRole).isEqualTo(keccak("PAYOUT_ROLE"));
        assertThat(vault.hasRole(DEFAULT_ADMIN_ROLE, ADMIN.getAddress()).send()).isTrue();
        assertThat(vault.hasRole(payoutRole, ADMIN.getAddress()).send()).isTrue(); // granted by ChainNode.deploy
        assertThat(vault.DEFAULT_ADMIN_ROLE().send()).isEqualTo(DEFAULT_ADMIN_ROLE);
        assertThat(vault.getRoleAdmin(payoutRole).send()).isEqualTo(DEFAULT_ADMIN_ROLE);
        assertThat(vault.supportsInterface(Numeric.hexStringToByteArray("0x7965db0b")).send()).isTrue();
    }

    @Test
    void depositEmitsDeposited() throws Exception {
        Credentials consumer = TestWallets.fresh();
        PaymentVault vault = fund(consumer, octo(50)).paymentVault();
        BigInteger held = admin.token().balanceOf(vault.getContractAddress()).send();

        TransactionReceipt receipt = vault.deposit(octo(50)).send();

        assertThat(PaymentVault.getDepositedEvents(receipt)).singleElement().satisfies(e -> {
            assertThat(e.account).isEqualTo(consumer.getAddress());
            assertThat(e.amount).isEqualTo(octo(50));
        });
        assertThat(admin.token().balanceOf(vault.getContractAddress()).send()).isEqualTo(held.add(octo(50)));
    }

    @Test
    void depositReverts() {
        PaymentVault vault = admin.as(TestWallets.fresh()).paymentVault();
        assertRevert(() -> vault.deposit(BigInteger.ZERO).send(), PaymentVault.ZEROAMOUNT_ERROR);
        assertRevert(() -> vault.deposit(octo(1)).send(), OctoToken.ERC20INSUFFICIENTALLOWANCE_ERROR,
                new Address(vault.getContractAddress()), new Uint256(BigInteger.ZERO), new Uint256(octo(1)));
    }

    @Test
    void payoutOncePerRef() throws Exception {
        PaymentVault vault = admin.paymentVault();
        admin.token().mint(ADMIN.getAddress(), octo(30)).send();
        admin.token().approve(vault.getContractAddress(), octo(30)).send();
        vault.deposit(octo(30)).send();
        String provider = TestWallets.address();
        BigInteger providerBefore = admin.token().balanceOf(provider).send();
        BigInteger held = admin.token().balanceOf(vault.getContractAddress()).send();
        byte[] ref = keccak("settlement-" + System.nanoTime());

        assertThat(vault.isPaid(ref).send()).isFalse();
        TransactionReceipt receipt = vault.payout(provider, octo(12), ref).send();

        assertThat(PaymentVault.getPayoutEvents(receipt)).singleElement().satisfies(e -> {
            assertThat(e.account).isEqualTo(provider);
            assertThat(e.amount).isEqualTo(octo(12));
            assertThat(e.ref).isEqualTo(ref);
        });
        assertThat(OctoToken.getTransferEvents(receipt)).singleElement().satisfies(t -> {
            assertThat(t.from).isEqualToIgnoringCase(vault.getContractAddress());
            assertThat(t.to).isEqualTo(provider);
            assertThat(t.value).isEqualTo(octo(12));
        });
        assertThat(vault.isPaid(ref).send()).isTrue();
        assertThat(admin.token().balanceOf(provider).send()).isEqualTo(providerBefore.add(octo(12)));
        assertThat(admin.token().balanceOf(vault.getContractAddress()).send()).isEqualTo(held.subtract(octo(12)));

        // replay: same ref, even with other recipient/amount
        assertRevert(() -> vault.payout(provider, octo(12), ref).send(), PaymentVault.PAYOUTALREADYPROCESSED_ERROR,
                new Bytes32(ref));
        assertRevert(() -> vault.payout(TestWallets.address(), octo(1), ref).send(),
                PaymentVault.PAYOUTALREADYPROCESSED_ERROR, new Bytes32(ref));
        assertThat(admin.token().balanceOf(provider).send()).isEqualTo(providerBefore.add(octo(12)));
    }

    @Test
    void payoutReverts() throws Exception {
        PaymentVault vault = admin.paymentVault();
        Credentials stranger = TestWallets.fresh();
        byte[] ref = keccak("payout-reverts-" + System.nanoTime());

        assertRevert(() -> admin.as(stranger).paymentVault().payout(stranger.getAddress(), octo(1), ref).send(),
                PaymentVault.ACCESSCONTROLUNAUTHORIZEDACCOUNT_ERROR, new Address(stranger.getAddress()),
                new Bytes32(payoutRole));
        assertRevert(() -> vault.payout(ZERO_ADDRESS, octo(1), ref).send(), PaymentVault.ZEROADDRESS_ERROR);
        assertRevert(() -> vault.payout(stranger.getAddress(), BigInteger.ZERO, ref).send(),
                PaymentVault.ZEROAMOUNT_ERROR);
        BigInteger held = admin.token().balanceOf(vault.getContractAddress()).send();
        BigInteger tooMuch = held.add(BigInteger.ONE);
        assertRevert(() -> vault.payout(stranger.getAddress(), tooMuch, ref).send(),
                OctoToken.ERC20INSUFFICIENTBALANCE_ERROR, new Address(vault.getContractAddress()),
                new Uint256(held), new Uint256(tooMuch));
        assertThat(vault.isPaid(ref).send()).as("a reverted payout leaves the ref unpaid").isFalse();
    }

    // ================================================================== helpers

    /** {@code n} whole OCTO in base units (18 decimals). */
    private static BigInteger octo(long n) {
        return BigInteger.valueOf(n).multiply(BigInteger.TEN.pow(18));
    }

    private static byte[] keccak(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Mints {@code amount} to {@code user}, approves StakeManager and PaymentVault for it; returns user's view. */
    private static Deployment fund(Credentials user, BigInteger amount) throws Exception {
        admin.token().mint(user.getAddress(), amount).send();
        Deployment asUser = admin.as(user);
        asUser.token().approve(admin.stakeManager().getContractAddress(), amount).send();
        asUser.token().approve(admin.paymentVault().getContractAddress(), amount).send();
        return asUser;
    }

    private static BigInteger blockTime(TransactionReceipt receipt) throws Exception {
        return web3j.ethGetBlockByHash(receipt.getBlockHash(), false).send().getBlock().getTimestamp();
    }

    private static String selector(CustomError error) {
        return CustomErrorEncoder.encode(error).substring(0, 10);
    }

    private static String describe(String revertData) {
        CustomError e = ERRORS.get(revertData.length() >= 10 ? revertData.substring(0, 10) : revertData);
        if (e == null) {
            return "unknown revert " + revertData;
        }
        List<Type> args = FunctionReturnDecoder.decode(revertData.substring(10), e.getParameters());
        return e.getName() + args.stream().map(a -> String.valueOf(value(a))).toList();
    }

    private static Object value(Type<?> t) {
        return t.getValue() instanceof byte[] b ? Numeric.toHexString(b) : t.getValue();
    }

    @FunctionalInterface
    private interface ChainCall {
        Object run() throws Exception;
    }

    /**
     * Asserts that {@code call} reverts with custom error {@code expected} and exactly {@code args}; for a
     * transaction also that it was mined with status 0.
     */
    private static void assertRevert(ChainCall call, CustomError expected, Type<?>... args) {
        Object result;
        try {
            result = call.run();
        } catch (Exception e) {
            Revert revert = ChainNode.revertOf(e);
            assertThat(revert.selector()).as("expected %s, got %s", expected.getName(), describe(revert.data()))
                    .isEqualTo(selector(expected));
            List<Object> actualValues = FunctionReturnDecoder
                    .decode(revert.data().substring(10), expected.getParameters()).stream()
                    .map(ContractsTest::value).toList();
            List<Object> expectedValues = Arrays.stream(args).map(ContractsTest::value).toList();
            assertThat(actualValues).as("arguments of %s", expected.getName()).isEqualTo(expectedValues);
            if (revert.txHash() != null) {
                assertThat(receiptStatus(revert.txHash())).as("status of failed tx %s", revert.txHash())
                        .isEqualTo("0x0");
            }
            return;
        }
        fail("expected revert " + expected.getName() + ", but the call succeeded: " + result);
    }

    private static String receiptStatus(String txHash) {
        try {
            return web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt()
                    .map(TransactionReceipt::getStatus).orElse("no receipt");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
