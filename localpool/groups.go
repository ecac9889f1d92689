package localpool

import "slices"

// Group operations beyond CreateGroup and ListGroups. A user's groups are
// kept on the user record (userRecord.Groups), so tokens read them with the
// user; deleting a group removes it from every member.

func errGroupNotFound() *Error { return errResourceNotFound("Group not found.") }

type groupNameInput struct {
	UserPoolId string
	GroupName  string
}

// withGroup runs fn on a group in a read or write transaction.
func (c *call) withGroup(in *groupNameInput, write bool, fn func(p *poolTx, g *groupRecord) error) error {
	run := c.withPool
	if write {
		run = c.updatePool
	}
	return run(in.UserPoolId, func(p *poolTx) error {
		g, err := p.group(in.GroupName)
		if err != nil {
			return errGroupNotFound()
		}
		return fn(p, g)
	})
}

func (p *poolTx) putGroup(g *groupRecord) error {
	return putJSON(p.b.Bucket(bucketGroups), g.GroupName, g)
}

func getGroup(c *call, in *groupNameInput) (any, error) {
	var group *groupRecord
	err := c.withGroup(in, false, func(p *poolTx, g *groupRecord) error {
		group = g
		return nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"Group": group}, nil
}

type updateGroupInput struct {
	groupNameInput
	Description *string
	RoleArn     *string
	Precedence  *int
}

// updateGroup changes the members it is given and keeps the others.
// UNSURE: whether Cognito resets members left out; the pool keeps them.
func updateGroup(c *call, in *updateGroupInput) (any, error) {
	var group *groupRecord
	err := c.withGroup(&in.groupNameInput, true, func(p *poolTx, g *groupRecord) error {
		if in.Description != nil {
			g.Description = *in.Description
		}
		if in.RoleArn != nil {
			g.RoleArn = *in.RoleArn
		}
		if in.Precedence != nil {
			g.Precedence = in.Precedence
		}
		g.LastModifiedDate = epochTime(c.now)
		group = g
		return p.putGroup(g)
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"Group": group}, nil
}

func deleteGroup(c *call, in *groupNameInput) (any, error) {
	return nil, c.withGroup(in, true, func(p *poolTx, g *groupRecord) error {
		var members []*userRecord
		if err := forEach(p, bucketUsers, func(u *userRecord) error {
			if slices.Contains(u.Groups, g.GroupName) {
				members = append(members, u)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, u := range members {
			u.Groups = slices.DeleteFunc(u.Groups, func(name string) bool { return name == g.GroupName })
			if err := p.putUser(u); err != nil {
				return err
			}
		}
		return p.b.Bucket(bucketGroups).Delete([]byte(g.GroupName))
	})
}

type listUsersInGroupInput struct {
	groupNameInput
	Limit     int
	NextToken string
}

func listUsersInGroup(c *call, in *listUsersInGroupInput) (any, error) {
	var users []userType
	err := c.withGroup(&in.groupNameInput, false, func(p *poolTx, g *groupRecord) error {
		return forEach(p, bucketUsers, func(u *userRecord) error {
			if slices.Contains(u.Groups, g.GroupName) {
				users = append(users, u.wire())
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	items, next := page(users, func(u userType) string { return userKey(u.Username) }, in.Limit, in.NextToken)
	return listOutput("Users", items, next), nil
}

type adminListGroupsForUserInput struct {
	adminUserInput
	Limit     int
	NextToken string
}

func adminListGroupsForUser(c *call, in *adminListGroupsForUserInput) (any, error) {
	var groups []*groupRecord
	err := c.withAdminUser(&in.adminUserInput, false, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		for _, name := range u.Groups {
			if g, err := p.group(name); err == nil {
				groups = append(groups, g)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(groups, func(a, b *groupRecord) int {
		if a.GroupName < b.GroupName {
			return -1
		}
		if a.GroupName > b.GroupName {
			return 1
		}
		return 0
	})
	items, next := page(groups, func(g *groupRecord) string { return g.GroupName }, in.Limit, in.NextToken)
	return listOutput("Groups", items, next), nil
}

func adminRemoveUserFromGroup(c *call, in *adminGroupInput) (any, error) {
	return nil, c.withAdminUser(&in.adminUserInput, true, func(p *poolTx, pool *poolRecord, u *userRecord) error {
		if _, err := p.group(in.GroupName); err != nil {
			return errGroupNotFound()
		}
		u.Groups = slices.DeleteFunc(u.Groups, func(name string) bool { return name == in.GroupName })
		return nil
	})
}

// groupClaims are the token claims of a user's groups: cognito:groups in both
// tokens, and in the ID token the IAM roles of those groups, with the role of
// the group of lowest Precedence as cognito:preferred_role.
// UNSURE: Cognito's choice when no group with a role has a Precedence; the
// pool names the role only when there is just one.
type groupClaims struct {
	names         []string
	roles         []string
	preferredRole string
}

func (p *poolTx) groupClaims(u *userRecord) groupClaims {
	var out groupClaims
	best := -1
	for _, name := range u.Groups {
		g, err := p.group(name)
		if err != nil {
			continue
		}
		out.names = append(out.names, name)
		if g.RoleArn == "" {
			continue
		}
		if !slices.Contains(out.roles, g.RoleArn) {
			out.roles = append(out.roles, g.RoleArn)
		}
		if g.Precedence != nil && (best < 0 || *g.Precedence < best) {
			best, out.preferredRole = *g.Precedence, g.RoleArn
		}
	}
	slices.Sort(out.names)
	slices.Sort(out.roles)
	if out.preferredRole == "" && len(out.roles) == 1 {
		out.preferredRole = out.roles[0]
	}
	return out
}
