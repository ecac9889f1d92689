package localpool

// operations maps each X-Amz-Target operation name to its handler.
var operations map[string]handler

func init() {
	operations = map[string]handler{
		// Pools, clients and groups.
		"CreateUserPool":         op(createUserPool),
		"DescribeUserPool":       op(describeUserPool),
		"ListUserPools":          op(listUserPools),
		"DeleteUserPool":         op(deleteUserPool),
		"AddCustomAttributes":    op(addCustomAttributes),
		"CreateUserPoolClient":   op(createUserPoolClient),
		"DescribeUserPoolClient": op(describeUserPoolClient),
		"ListUserPoolClients":    op(listUserPoolClients),
		"UpdateUserPoolClient":   op(updateUserPoolClient),
		"CreateGroup":            op(createGroup),
		"ListGroups":             op(listGroups),
		"GetGroup":               op(getGroup),
		"UpdateGroup":            op(updateGroup),
		"DeleteGroup":            op(deleteGroup),
		"ListUsersInGroup":       op(listUsersInGroup),
		"UpdateUserPool":         op(updateUserPool),
		"SetUserPoolMfaConfig":   op(setUserPoolMfaConfig),
		"GetUserPoolMfaConfig":   op(getUserPoolMfaConfig),

		// The hosted UI's domain and the resource servers of its custom scopes.
		"CreateUserPoolDomain":   op(createUserPoolDomain),
		"DescribeUserPoolDomain": op(describeUserPoolDomain),
		"UpdateUserPoolDomain":   op(updateUserPoolDomain),
		"DeleteUserPoolDomain":   op(deleteUserPoolDomain),
		"CreateResourceServer":   op(createResourceServer),
		"DescribeResourceServer": op(describeResourceServer),
		"ListResourceServers":    op(listResourceServers),
		"UpdateResourceServer":   op(updateResourceServer),
		"DeleteResourceServer":   op(deleteResourceServer),

		// Federation: identity providers and provider identities of users.
		"CreateIdentityProvider":          op(createIdentityProvider),
		"DescribeIdentityProvider":        op(describeIdentityProvider),
		"ListIdentityProviders":           op(listIdentityProviders),
		"UpdateIdentityProvider":          op(updateIdentityProvider),
		"DeleteIdentityProvider":          op(deleteIdentityProvider),
		"GetIdentityProviderByIdentifier": op(getIdentityProviderByIdentifier),
		"AdminLinkProviderForUser":        op(adminLinkProviderForUser),
		"AdminDisableProviderForUser":     op(adminDisableProviderForUser),

		// Users.
		"SignUp":                           op(signUp),
		"ConfirmSignUp":                    op(confirmSignUp),
		"ResendConfirmationCode":           op(resendConfirmationCode),
		"ForgotPassword":                   op(forgotPassword),
		"ConfirmForgotPassword":            op(confirmForgotPassword),
		"AdminCreateUser":                  op(adminCreateUser),
		"AdminConfirmSignUp":               op(adminConfirmSignUp),
		"AdminSetUserPassword":             op(adminSetUserPassword),
		"AdminGetUser":                     op(adminGetUser),
		"AdminDeleteUser":                  op(adminDeleteUser),
		"AdminDisableUser":                 op(adminDisableUser),
		"AdminEnableUser":                  op(adminEnableUser),
		"AdminAddUserToGroup":              op(adminAddUserToGroup),
		"AdminRemoveUserFromGroup":         op(adminRemoveUserFromGroup),
		"AdminListGroupsForUser":           op(adminListGroupsForUser),
		"AdminUpdateUserAttributes":        op(adminUpdateUserAttributes),
		"AdminDeleteUserAttributes":        op(adminDeleteUserAttributes),
		"AdminResetUserPassword":           op(adminResetUserPassword),
		"ListUsers":                        op(listUsers),
		"GetUser":                          op(getUser),
		"UpdateUserAttributes":             op(updateUserAttributes),
		"DeleteUserAttributes":             op(deleteUserAttributes),
		"GetUserAttributeVerificationCode": op(getUserAttributeVerificationCode),
		"VerifyUserAttribute":              op(verifyUserAttribute),
		"ChangePassword":                   op(changePassword),
		"DeleteUser":                       op(deleteUser),

		// Sign-in and tokens.
		"InitiateAuth":                op(initiateAuth),
		"AdminInitiateAuth":           op(adminInitiateAuth),
		"RespondToAuthChallenge":      op(respondToAuthChallenge),
		"AdminRespondToAuthChallenge": op(adminRespondToAuthChallenge),
		"GetTokensFromRefreshToken":   op(getTokensFromRefreshToken),
		"GlobalSignOut":               op(globalSignOut),
		"AdminUserGlobalSignOut":      op(adminUserGlobalSignOut),
		"RevokeToken":                 op(revokeToken),

		// MFA and remembered devices.
		"AssociateSoftwareToken":    op(associateSoftwareToken),
		"VerifySoftwareToken":       op(verifySoftwareToken),
		"SetUserMFAPreference":      op(setUserMFAPreference),
		"AdminSetUserMFAPreference": op(adminSetUserMFAPreference),
		"ConfirmDevice":             op(confirmDevice),
		"UpdateDeviceStatus":        op(updateDeviceStatus),
		"AdminUpdateDeviceStatus":   op(adminUpdateDeviceStatus),
		"GetDevice":                 op(getDevice),
		"AdminGetDevice":            op(adminGetDevice),
		"ListDevices":               op(listDevices),
		"AdminListDevices":          op(adminListDevices),
		"ForgetDevice":              op(forgetDevice),
		"AdminForgetDevice":         op(adminForgetDevice),

		// Choice-based sign-in and passkeys.
		"GetUserAuthFactors":           op(getUserAuthFactors),
		"StartWebAuthnRegistration":    op(startWebAuthnRegistration),
		"CompleteWebAuthnRegistration": op(completeWebAuthnRegistration),
		"ListWebAuthnCredentials":      op(listWebAuthnCredentials),
		"DeleteWebAuthnCredential":     op(deleteWebAuthnCredential),
	}
}
