// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title StakeManager
/// @notice Holds OCTO stakes of providers. Unstaking is a two-step process
///         (requestUnstake -> cooldown -> withdraw). SLASHER_ROLE can slash staked and
///         unstaking funds; slashed tokens go to the treasury.
/// @dev    One pending unstake bucket per account: a further requestUnstake adds to it
///         and resets its unlock time to now + cooldown.
contract StakeManager is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");

    struct PendingUnstake {
        uint256 amount;
        uint256 unlockAt;
    }

    IERC20 public immutable token;
    address public treasury;
    /// @notice Unstake cooldown in seconds.
    uint256 public cooldown;
    uint256 public totalStaked;
    uint256 public totalUnstaking;

    mapping(address account => uint256) private _staked;
    mapping(address account => PendingUnstake) private _unstaking;

    event Staked(address indexed account, uint256 amount);
    event UnstakeRequested(address indexed account, uint256 amount, uint256 unlockAt);
    event Withdrawn(address indexed account, uint256 amount);
    event Slashed(address indexed account, uint256 amount, bytes32 indexed reasonHash, address indexed slasher);
    event CooldownUpdated(uint256 previousCooldown, uint256 newCooldown);
    event TreasuryUpdated(address indexed previousTreasury, address indexed newTreasury);

    error ZeroAmount();
    error ZeroAddress();
    error InsufficientStake(uint256 requested, uint256 available);
    error CooldownActive(uint256 unlockAt);
    error NothingToWithdraw();

    constructor(IERC20 token_, address treasury_, uint256 cooldown_) {
        if (address(token_) == address(0) || treasury_ == address(0)) revert ZeroAddress();
        token = token_;
        treasury = treasury_;
        cooldown = cooldown_;
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
        emit TreasuryUpdated(address(0), treasury_);
        emit CooldownUpdated(0, cooldown_);
    }

    // ---------------------------------------------------------------- staking

    /// @notice Stake `amount` OCTO (caller must have approved this contract).
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        _staked[msg.sender] += amount;
        totalStaked += amount;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Staked(msg.sender, amount);
    }

    /// @notice Move `amount` from staked to unstaking; unlocks at now + cooldown.
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 available = _staked[msg.sender];
        if (amount > available) revert InsufficientStake(amount, available);
        unchecked {
            _staked[msg.sender] = available - amount;
            totalStaked -= amount;
        }
        PendingUnstake storage p = _unstaking[msg.sender];
        p.amount += amount;
        p.unlockAt = block.timestamp + cooldown;
        totalUnstaking += amount;
        emit UnstakeRequested(msg.sender, amount, p.unlockAt);
    }

    /// @notice Withdraw the whole unstaking bucket once its cooldown has passed.
    function withdraw() external nonReentrant {
        PendingUnstake storage p = _unstaking[msg.sender];
        uint256 amount = p.amount;
        if (amount == 0) revert NothingToWithdraw();
        if (block.timestamp < p.unlockAt) revert CooldownActive(p.unlockAt);
        delete _unstaking[msg.sender];
        totalUnstaking -= amount;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    // ---------------------------------------------------------------- slashing

    /// @notice Slash `amount` from `account` (staked first, then unstaking) to the treasury.
    function slash(address account, uint256 amount, bytes32 reasonHash)
        external
        onlyRole(SLASHER_ROLE)
        nonReentrant
    {
        if (amount == 0) revert ZeroAmount();
        uint256 staked = _staked[account];
        PendingUnstake storage p = _unstaking[account];
        uint256 available = staked + p.amount;
        if (amount > available) revert InsufficientStake(amount, available);

        uint256 fromStaked = amount <= staked ? amount : staked;
        uint256 fromUnstaking = amount - fromStaked;
        if (fromStaked > 0) {
            _staked[account] = staked - fromStaked;
            totalStaked -= fromStaked;
        }
        if (fromUnstaking > 0) {
            uint256 remaining = p.amount - fromUnstaking;
            if (remaining == 0) {
                delete _unstaking[account];
            } else {
                p.amount = remaining;
            }
            totalUnstaking -= fromUnstaking;
        }

        token.safeTransfer(treasury, amount);
        emit Slashed(account, amount, reasonHash, msg.sender);
    }

    // ---------------------------------------------------------------- admin

    function setCooldown(uint256 newCooldown) external onlyRole(DEFAULT_ADMIN_ROLE) {
        emit CooldownUpdated(cooldown, newCooldown);
        cooldown = newCooldown;
    }

    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryUpdated(treasury, newTreasury);
        treasury = newTreasury;
    }

    // ---------------------------------------------------------------- views

    function stakedOf(address account) external view returns (uint256) {
        return _staked[account];
    }

    function unstakingOf(address account) external view returns (uint256 amount, uint256 unlockAt) {
        PendingUnstake storage p = _unstaking[account];
        return (p.amount, p.unlockAt);
    }
}
