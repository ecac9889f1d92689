package userpool

// Cognito's exception names: the __type of an error answer, the Code of a
// cognito.Error. The pool answers each with HTTP 400.
const (
	AliasExistsException                    = "AliasExistsException"
	CodeDeliveryFailureException            = "CodeDeliveryFailureException"
	CodeMismatchException                   = "CodeMismatchException"
	ConcurrentModificationException         = "ConcurrentModificationException"
	DuplicateProviderException              = "DuplicateProviderException"
	DeviceKeyExistsException                = "DeviceKeyExistsException"
	EnableSoftwareTokenMFAException         = "EnableSoftwareTokenMFAException"
	ExpiredCodeException                    = "ExpiredCodeException"
	ForbiddenException                      = "ForbiddenException"
	GroupExistsException                    = "GroupExistsException"
	InternalErrorException                  = "InternalErrorException"
	InvalidLambdaResponseException          = "InvalidLambdaResponseException"
	InvalidParameterException               = "InvalidParameterException"
	InvalidPasswordException                = "InvalidPasswordException"
	InvalidUserPoolConfigurationException   = "InvalidUserPoolConfigurationException"
	LimitExceededException                  = "LimitExceededException"
	MFAMethodNotFoundException              = "MFAMethodNotFoundException"
	NotAuthorizedException                  = "NotAuthorizedException"
	OperationNotEnabledException            = "OperationNotEnabledException"
	PasswordHistoryPolicyViolationException = "PasswordHistoryPolicyViolationException"
	PasswordResetRequiredException          = "PasswordResetRequiredException"
	RefreshTokenReuseException              = "RefreshTokenReuseException"
	ResourceNotFoundException               = "ResourceNotFoundException"
	SoftwareTokenMFANotFoundException       = "SoftwareTokenMFANotFoundException"
	TooManyFailedAttemptsException          = "TooManyFailedAttemptsException"
	TooManyRequestsException                = "TooManyRequestsException"
	UnexpectedLambdaException               = "UnexpectedLambdaException"
	UnsupportedOperationException           = "UnsupportedOperationException"
	UnsupportedTokenTypeException           = "UnsupportedTokenTypeException"
	UnsupportedUserStateException           = "UnsupportedUserStateException"
	UserLambdaValidationException           = "UserLambdaValidationException"
	UserNotConfirmedException               = "UserNotConfirmedException"
	UserNotFoundException                   = "UserNotFoundException"
	UsernameExistsException                 = "UsernameExistsException"
)

// Errors of the AWS JSON protocol itself rather than of Cognito's operations.
const (
	SerializationException    = "SerializationException"
	UnknownOperationException = "UnknownOperationException"
	// AccessDeniedException is AWS's answer to a call the caller may not make.
	AccessDeniedException = "AccessDeniedException"
)
