// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title PaymentVault
/// @notice Consumers deposit OCTO; the marketplace (PAYOUT_ROLE) pays providers out.
///         Every payout carries an off-chain reference (`ref`) and is processed at most once.
contract PaymentVault is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant PAYOUT_ROLE = keccak256("PAYOUT_ROLE");

    IERC20 public immutable token;

    mapping(bytes32 ref => bool) private _paid;

    event Deposited(address indexed account, uint256 amount);
    event Payout(address indexed account, uint256 amount, bytes32 indexed ref);

    error ZeroAmount();
    error ZeroAddress();
    error PayoutAlreadyProcessed(bytes32 ref);

    constructor(IERC20 token_) {
        if (address(token_) == address(0)) revert ZeroAddress();
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
    }

    /// @notice Pull `amount` OCTO from the caller (caller must have approved this contract).
    function deposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(msg.sender, amount);
    }

    /// @notice Pay `amount` OCTO to `account` for reference `ref`; at most once per `ref`.
    function payout(address account, uint256 amount, bytes32 ref)
        external
        onlyRole(PAYOUT_ROLE)
        nonReentrant
    {
        if (account == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        if (_paid[ref]) revert PayoutAlreadyProcessed(ref);
        _paid[ref] = true;
        token.safeTransfer(account, amount);
        emit Payout(account, amount, ref);
    }

    function isPaid(bytes32 ref) external view returns (bool) {
        return _paid[ref];
    }
}
